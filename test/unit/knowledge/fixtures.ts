import type { Language } from '../../../src/core/language.ts';
import type { Article } from '../../../src/knowledge/article.ts';

export function article(
  language: Language,
  id: string,
  title: string,
  questions: string[],
  body: string,
): Article {
  return { id, language, title, questions, tags: [], body, file: '' };
}

/** A small online shop's knowledge base in three languages, written for these tests. */
export const SHOP: readonly Article[] = [
  article(
    'en',
    'returns',
    'Returning an item',
    ['How do I return an item?', 'Can I send back my order?', 'I want to return a product I bought'],
    'You can return any item within 14 days of delivery. Start a return from your orders page.',
  ),
  article(
    'en',
    'delivery-time',
    'Delivery times',
    ['When will my order arrive?', 'How long does shipping take?', 'Where is my parcel?'],
    'Orders arrive in 2 to 5 working days. You get a tracking link by e-mail.',
  ),
  article(
    'en',
    'payment-methods',
    'Ways to pay',
    [
      'Which payment methods do you accept?',
      'Can I pay with a credit card?',
      'Do you take cash on delivery?',
    ],
    'We accept cards, bank transfer and cash on delivery.',
  ),
  article(
    'en',
    'opening-hours',
    'Opening hours',
    ['When are you open?', 'What are your opening hours?', 'Are you open on Friday?'],
    'Our stores open from 9:00 to 21:00, Saturday to Thursday.',
  ),
  article(
    'fa',
    'returns',
    'مرجوع کردن کالا',
    ['چطور کالا را مرجوع کنم؟', 'می‌خواهم سفارشم را پس بدهم', 'امکان برگرداندن محصول هست؟'],
    'تا ۱۴ روز پس از تحویل می‌توانید کالا را از صفحه سفارش‌ها مرجوع کنید.',
  ),
  article(
    'fa',
    'delivery-time',
    'زمان ارسال',
    ['سفارشم کی می‌رسد؟', 'ارسال چند روز طول می‌کشد؟', 'بسته‌ام کجاست؟'],
    'سفارش‌ها ظرف ۲ تا ۵ روز کاری می‌رسند و کد رهگیری پیامک می‌شود.',
  ),
  article(
    'fa',
    'payment-methods',
    'روش‌های پرداخت',
    ['چطور می‌توانم پول را پرداخت کنم؟', 'پرداخت در محل دارید؟', 'با کارت بانکی می‌شود خرید کرد؟'],
    'پرداخت با همه کارت‌های شتاب، کارت به کارت و پرداخت در محل ممکن است.',
  ),
  article(
    'fa',
    'opening-hours',
    'ساعت کاری',
    ['ساعت کاری فروشگاه چیست؟', 'جمعه‌ها باز هستید؟', 'فروشگاه چه ساعتی باز است؟'],
    'فروشگاه‌ها از ساعت ۹ تا ۲۱، شنبه تا پنجشنبه باز هستند.',
  ),
  article(
    'ar',
    'returns',
    'إرجاع المنتجات',
    ['كيف أرجع منتجاً؟', 'أريد إرجاع طلبي', 'هل يمكنني استرجاع المنتج بعد الشراء؟'],
    'يمكنك إرجاع أي منتج خلال ١٤ يوماً من الاستلام من صفحة طلباتك.',
  ),
  article(
    'ar',
    'delivery-time',
    'مدة التوصيل',
    ['متى يصل طلبي؟', 'كم يستغرق الشحن؟', 'أين الطرد الخاص بي؟'],
    'تصل الطلبات خلال ٢ إلى ٥ أيام عمل، ويصلك رابط التتبع برسالة.',
  ),
  article(
    'ar',
    'payment-methods',
    'طرق الدفع',
    ['ما هي طرق الدفع المتاحة؟', 'هل يمكنني الدفع بالبطاقة الائتمانية؟', 'هل الدفع عند الاستلام متاح؟'],
    'نقبل البطاقات والتحويل البنكي والدفع عند الاستلام.',
  ),
  article(
    'ar',
    'opening-hours',
    'ساعات العمل',
    ['ما هي ساعات العمل؟', 'متى تفتحون؟', 'هل المحل مفتوح يوم الجمعة؟'],
    'تفتح فروعنا من ٩ صباحاً حتى ٩ مساءً من السبت إلى الخميس.',
  ),
];
