/**
 * What the simulated customers and agents write, per language. Questions the bot can answer are taken from
 * the knowledge base itself (each article's sample questions, see week-plan.ts); everything else is here.
 * None of the angry texts asks for a person, and none of the off-topic questions names a topic of the
 * shop, so that what the bot does with them is plain to see (the simulation still reads what it did).
 */
import type { Language } from '../../src/core/language.ts';

type PerLanguage = Readonly<Record<Language, readonly string[]>>;

/** Questions the shop has no article for. */
export const OFF_TOPIC: PerLanguage = {
  en: [
    'can you recommend a good lasagna recipe?',
    'what will the weather be like in Paris tomorrow?',
    'who won the football match last night?',
    'how many moons does Jupiter have?',
    'which programming language should I learn first?',
    'what is the best time to plant tulips?',
  ],
  fa: [
    'دستور پخت قرمه‌سبزی رو بلدی؟',
    'فردا هوای شیراز چطوره؟',
    'دیشب بازی فوتبال رو کی برد؟',
    'بهترین کتاب حافظ کدومه؟',
    'چطور گیتار زدن یاد بگیرم؟',
    'پایتخت استرالیا کجاست؟',
  ],
  ar: [
    'ما هي أفضل طريقة لطبخ الكبسة؟',
    'كيف سيكون الطقس في القاهرة غدا؟',
    'من فاز بمباراة كرة القدم أمس؟',
    'ما هي عاصمة أستراليا؟',
    'كيف أتعلم العزف على العود؟',
    'كم عدد أقمار كوكب المشتري؟',
  ],
};

/** Angry complaints that do not ask for a person. */
export const ANGRY: PerLanguage = {
  en: [
    'This is the worst experience ever, my order is three weeks late and nobody cares!!!',
    "I'm done with you, this is a total scam and a joke!!!",
    'Absolutely useless, you are pissing me off, where is my refund???',
  ],
  fa: [
    'سه هفته‌ست سفارشم نرسیده، واقعاً افتضاحه!!! دیگه هیچوقت از شما خرید نمیکنم',
    'دیگه بسه! پولم رو گرفتید و هیچی نفرستادید، شرم کنید!!!',
    'غیرقابل تحمله، سه بار زنگ زدم و هنوز خبری نیست، افتضاحه!!!',
  ],
  ar: [
    'سحقا لكم! طلبي متأخر ثلاثة أسابيع ولا أحد يهتم!!!',
    'الله لا يسامحكم، أخذتم فلوسي وما وصلني شيء!!!',
    'أنا غضبان جدا، هذا فساد واستهتار بالزبائن!!!',
  ],
};

/** Asking for a person (phrases of content/messages/<language>.yaml `person_requests`). */
export const ASK_FOR_PERSON: PerLanguage = {
  en: [
    'I want to talk to a person please',
    'can I speak to someone from your team',
    'live chat with an agent',
  ],
  fa: ['میخوام با یه نفر صحبت کنم', 'لطفاً وصلم کنید به کارشناس', 'با اپراتور کار دارم'],
  ar: ['أريد التحدث مع موظف', 'ابي اكلم حد من عندكم', 'أريد شخص حقيقي لو سمحت'],
};

/** Leaving the line ("never mind": `cancel_requests`). */
export const LEAVE_LINE: PerLanguage = {
  en: ['never mind', 'forget it, I found it myself'],
  fa: ['بیخیال', 'دیگه لازم نیست، خودم پیداش کردم'],
  ar: ['لا داعي', 'خلاص ما احتاج'],
};

/** A message that only greets. */
export const HELLO: PerLanguage = {
  en: ['hello', 'hi there'],
  fa: ['سلام', 'درود'],
  ar: ['مرحبا', 'السلام عليكم'],
};

/** What a customer writes to the agent who has the chat. */
export const TO_AGENT: PerLanguage = {
  en: ['my order number is 48213', 'it was the blue one, size M', 'thank you, that helps'],
  fa: ['شماره سفارشم ۴۸۲۱۳ هست', 'همون آبی سایز متوسط', 'ممنون، کمک کرد'],
  ar: ['رقم طلبي 48213', 'كان اللون الأزرق مقاس وسط', 'شكرا، هذا يساعد'],
};

/** What agents write (the simulation does not read it back; only when it was sent counts). */
export const AGENT_SAYS: PerLanguage = {
  en: ['Hello, I am looking into it now.', 'Thanks, I found your order.', 'It is fixed, anything else?'],
  fa: ['سلام، همین الان بررسی می‌کنم.', 'ممنون، سفارشتان را پیدا کردم.', 'درست شد، کار دیگری هست؟'],
  ar: ['مرحبا، أتحقق من ذلك الآن.', 'شكرا، وجدت طلبك.', 'تم الحل، هل من شيء آخر؟'],
};

/** Comments that follow a rating and a separator ("4 - quick answer"), by rating. */
export const RATING_COMMENTS: Readonly<Record<Language, Readonly<Record<number, string>>>> = {
  en: { 1: 'took far too long', 2: 'not really solved', 3: 'ok I guess', 4: 'quick answer', 5: 'great help' },
  fa: { 1: 'خیلی طول کشید', 2: 'حل نشد', 3: 'بد نبود', 4: 'سریع بود', 5: 'عالی بود' },
  ar: { 1: 'تأخرتم كثيرا', 2: 'لم تحل المشكلة', 3: 'مقبول', 4: 'رد سريع', 5: 'خدمة ممتازة' },
};
