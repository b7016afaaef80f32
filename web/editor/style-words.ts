/** The words of the style section and of the style marks under any textarea, in Persian, Arabic and English. */
import type { Catalog, UiLanguage } from '../shared/locale.ts';

const en = {
  list_label: 'Phrases to rephrase',
  none: 'Nothing to rephrase.',
  count: '{count} to rephrase:',
  select: 'Select “{phrase}” in the text',
  instead: '→',
  hint: '“{phrase}”: {instead}',
  heading: 'Style',
  intro:
    'How we write to customers in each language: content:check refuses these phrases in articles, messages and canned replies, and every text box marks them as you type.',
  content_language: 'Language of the text',
  tone: 'Tone',
  avoid: 'Phrases to avoid',
  phrases: 'Avoid',
  instead_column: 'Write instead',
  note: 'Why',
  except: 'Fine in',
  try: 'Try a text',
  try_hint:
    'Write or paste a text: the phrases to avoid are marked, and the caret on one shows what to write instead.',
  no_rules: 'There is no style file for this language (content/style/{language}.yaml).',
};
export type StyleWordKey = keyof typeof en;

const fa: Catalog<StyleWordKey> = {
  list_label: 'عبارت‌هایی که باید بازنویسی شوند',
  none: 'چیزی برای بازنویسی نیست.',
  count: '{count} مورد برای بازنویسی:',
  select: 'انتخاب «{phrase}» در متن',
  instead: '←',
  hint: '«{phrase}»: {instead}',
  heading: 'شیوهٔ نگارش',
  intro:
    'اینکه در هر زبان چطور برای مشتریان می‌نویسیم: content:check این عبارت‌ها را در مقاله‌ها، پیام‌ها و پاسخ‌های آماده نمی‌پذیرد و هر جعبهٔ متن هنگام نوشتن زیرشان خط می‌کشد.',
  content_language: 'زبان متن',
  tone: 'لحن',
  avoid: 'عبارت‌هایی که به کار نمی‌بریم',
  phrases: 'به کار نبرید',
  instead_column: 'به جایش بنویسید',
  note: 'چرا',
  except: 'در این‌ها اشکالی ندارد',
  try: 'امتحان یک متن',
  try_hint:
    'متنی بنویسید یا بچسبانید: عبارت‌هایی که باید عوض شوند علامت می‌خورند و با بردن نشانگر روی هرکدام، پیشنهاد جایگزین را می‌بینید.',
  no_rules: 'برای این زبان فایل شیوهٔ نگارش نیست (content/style/{language}.yaml).',
};

const ar: Catalog<StyleWordKey> = {
  list_label: 'عبارات تحتاج إلى إعادة صياغة',
  none: 'لا شيء يحتاج إلى إعادة صياغة.',
  count: '{count} تحتاج إلى إعادة صياغة:',
  select: 'تحديد «{phrase}» في النص',
  instead: '←',
  hint: '«{phrase}»: {instead}',
  heading: 'الأسلوب',
  intro:
    'كيف نكتب لعملائنا في كل لغة: يرفض content:check هذه العبارات في المقالات والرسائل والردود الجاهزة، وكل مربع نص يضع خطًا تحتها أثناء الكتابة.',
  content_language: 'لغة النص',
  tone: 'النبرة',
  avoid: 'عبارات نتجنبها',
  phrases: 'تجنّب',
  instead_column: 'اكتب بدلًا منها',
  note: 'لماذا',
  except: 'لا بأس بها في',
  try: 'جرّب نصًا',
  try_hint:
    'اكتب نصًا أو الصقه: تُعلَّم العبارات التي نتجنبها، وعند وضع المؤشر على إحداها يظهر ما تكتبه بدلًا منها.',
  no_rules: 'لا يوجد ملف أسلوب لهذه اللغة (content/style/{language}.yaml).',
};

export const STYLE_WORDS: Readonly<Record<UiLanguage, Catalog<StyleWordKey>>> = { en, fa, ar };
