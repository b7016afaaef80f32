/** What the people of the listened-to journeys say, in each language. */
import type { Language } from '../../src/core/language.ts';

export const LOCALES: Record<Language, string> = { fa: 'fa-IR', ar: 'ar-AE', en: 'en-US' };
/** The X keyboard layout each language is typed with. */
export const LAYOUTS: Record<Language, string> = { fa: 'ir', ar: 'ara', en: 'us' };

/** A question the sample knowledge base answers with choices, a request for a person, the agent's reply. */
export const SAY: Record<Language, { vague: string; person: string; agent: string; more: string }> = {
  fa: {
    vague: 'سفارشم',
    person: 'میخوام با یه کارشناس صحبت کنم',
    agent: 'سلام، سارا هستم. سفارش شما را بررسی می‌کنم.',
    more: 'شماره سفارشم ۴۵۱۲ است',
  },
  ar: {
    vague: 'الشحن',
    person: 'أريد التحدث مع موظف',
    agent: 'مرحباً، أنا سارة. سأتحقق من طلبك.',
    more: 'رقم طلبي ٤٥١٢',
  },
  en: {
    vague: 'card payment',
    person: 'I want to talk to a person',
    agent: 'Hi, this is Sara. Let me look at your payment.',
    more: 'My order number is 4512',
  },
};

export const NAMES: Record<Language, string> = { fa: 'سارا', ar: 'سارة', en: 'Sara' };
export const PASSWORD = 'listen-password-123';
