/**
 * The widget's own few words, in each language it speaks. What the bot says comes from the server;
 * these are only the chrome around it.
 */
import type { Language } from './language.ts';

export interface UiStrings {
  readonly openChat: string;
  readonly closeChat: string;
  readonly title: string;
  readonly online: string;
  /** Shown in an empty conversation. */
  readonly introTitle: string;
  readonly introText: string;
  readonly connecting: string;
  readonly reconnecting: string;
  readonly placeholder: string;
  readonly send: string;
  readonly you: string;
  readonly assistant: string;
  readonly agent: string;
  /** `{name}` is replaced by who is typing. */
  readonly typing: string;
  readonly sending: string;
  readonly notSent: string;
  readonly retry: string;
  readonly tooLong: string;
  /** `{count}` is replaced by the number of unread messages. */
  readonly unread: string;
  /** The message list's name, for screen readers (it is focusable, to scroll it from the keyboard). */
  readonly messages: string;
  readonly errors: Readonly<Record<string, string>> & { readonly fallback: string };
  readonly poweredBy: string;
}

const en: UiStrings = {
  openChat: 'Chat with us',
  closeChat: 'Close chat',
  title: 'Customer care',
  online: 'We usually reply in a few seconds',
  introTitle: 'Hi there!',
  introText:
    'Ask us anything about your order, delivery or returns. A person from our team is always one message away.',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  placeholder: 'Write a message…',
  send: 'Send',
  you: 'You',
  assistant: 'Assistant',
  agent: 'Support',
  typing: '{name} is typing…',
  sending: 'Sending…',
  notSent: 'Not sent',
  retry: 'Send again',
  tooLong: 'This message is too long',
  unread: '{count} new',
  messages: 'Messages',
  errors: {
    MESSAGE_TOO_LARGE: 'That message is longer than we can take. Please shorten it.',
    RATE_LIMITED: 'That was a lot of messages at once. Wait a moment, then send again.',
    ORIGIN_FORBIDDEN: 'Chat is not available on this page.',
    MESSAGE_INVALID: 'That message could not be sent. Please try again.',
    TURN_TIMEOUT: 'Sorry, we could not answer that just now. Please try again in a moment.',
    REDIS_UNAVAILABLE: 'The chat is briefly unavailable. It will reconnect by itself in a moment.',
    TOO_MANY_CONNECTIONS: 'The chat is busy right now. It will reconnect by itself in a moment.',
    fallback: 'Something went wrong.',
  },
  poweredBy: 'Powered by hamdel',
};

const fa: UiStrings = {
  openChat: 'گفت‌وگو با ما',
  closeChat: 'بستن گفت‌وگو',
  title: 'پشتیبانی',
  online: 'معمولاً در چند ثانیه پاسخ می‌دهیم',
  introTitle: 'سلام!',
  introText:
    'هر سؤالی درباره سفارش، ارسال یا بازگشت کالا دارید بپرسید. همکاران ما هم همیشه یک پیام با شما فاصله دارند.',
  connecting: 'در حال اتصال…',
  reconnecting: 'در حال اتصال دوباره…',
  placeholder: 'پیامتان را بنویسید…',
  send: 'ارسال',
  you: 'شما',
  assistant: 'دستیار',
  agent: 'پشتیبان',
  typing: '{name} در حال نوشتن است…',
  sending: 'در حال ارسال…',
  notSent: 'فرستاده نشد',
  retry: 'ارسال دوباره',
  tooLong: 'این پیام بیش از حد طولانی است',
  unread: '{count} پیام تازه',
  messages: 'پیام‌ها',
  errors: {
    MESSAGE_TOO_LARGE: 'این پیام طولانی‌تر از حد مجاز است. لطفاً کوتاه‌ترش کنید.',
    RATE_LIMITED: 'پیام‌ها پشت سر هم فرستاده شدند. چند لحظه صبر کنید و دوباره بفرستید.',
    ORIGIN_FORBIDDEN: 'گفت‌وگو روی این صفحه فعال نیست.',
    MESSAGE_INVALID: 'این پیام فرستاده نشد. لطفاً دوباره امتحان کنید.',
    TURN_TIMEOUT: 'متأسفیم، همین حالا نتوانستیم پاسخ بدهیم. لطفاً چند لحظه دیگر دوباره بپرسید.',
    REDIS_UNAVAILABLE: 'گفت‌وگو چند لحظه در دسترس نیست. خودش به‌زودی دوباره وصل می‌شود.',
    TOO_MANY_CONNECTIONS: 'گفت‌وگو همین حالا شلوغ است. چند لحظه دیگر خودش دوباره وصل می‌شود.',
    fallback: 'مشکلی پیش آمد.',
  },
  poweredBy: 'با نیروی hamdel',
};

const ar: UiStrings = {
  openChat: 'تحدّث معنا',
  closeChat: 'إغلاق المحادثة',
  title: 'خدمة العملاء',
  online: 'نردّ عادةً خلال ثوانٍ',
  introTitle: 'مرحبًا!',
  introText: 'اسألنا عن طلبك أو التوصيل أو الإرجاع، وفريقنا دائمًا على بُعد رسالة واحدة منك.',
  connecting: 'جارٍ الاتصال…',
  reconnecting: 'جارٍ إعادة الاتصال…',
  placeholder: 'اكتب رسالتك…',
  send: 'إرسال',
  you: 'أنت',
  assistant: 'المساعد',
  agent: 'الدعم',
  typing: '{name} يكتب الآن…',
  sending: 'جارٍ الإرسال…',
  notSent: 'لم تُرسَل',
  retry: 'أعد الإرسال',
  tooLong: 'هذه الرسالة أطول من اللازم',
  unread: '{count} رسائل جديدة',
  messages: 'الرسائل',
  errors: {
    MESSAGE_TOO_LARGE: 'هذه الرسالة أطول من الحد المسموح. يُرجى اختصارها.',
    RATE_LIMITED: 'أُرسلت رسائل كثيرة دفعة واحدة. انتظر لحظة ثم أعد الإرسال.',
    ORIGIN_FORBIDDEN: 'المحادثة غير متاحة على هذه الصفحة.',
    MESSAGE_INVALID: 'تعذّر إرسال هذه الرسالة. يُرجى المحاولة مرة أخرى.',
    TURN_TIMEOUT: 'عذرًا، لم نتمكن من الرد الآن. يُرجى المحاولة بعد لحظات.',
    REDIS_UNAVAILABLE: 'المحادثة غير متاحة للحظات. ستعاود الاتصال تلقائيًا بعد قليل.',
    TOO_MANY_CONNECTIONS: 'المحادثة مزدحمة الآن. ستعاود الاتصال تلقائيًا بعد لحظات.',
    fallback: 'حدث خطأ ما.',
  },
  poweredBy: 'بدعم من hamdel',
};

const CATALOG: Readonly<Record<Language, UiStrings>> = { en, fa, ar };

export function stringsFor(language: Language): UiStrings {
  return CATALOG[language];
}

export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => String(values[key] ?? whole));
}

/** The text for an `error` frame: ours by code when we know it, else the server's own words. */
export function errorText(strings: UiStrings, code: string, serverMessage: string): string {
  return strings.errors[code] ?? (serverMessage.trim() || strings.errors.fallback);
}
