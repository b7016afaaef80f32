/**
 * Digits for display. Persian readers expect Persian digits (۰-۹) in text and times; the stored text keeps
 * whatever the author wrote, only what is shown changes.
 */
const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** Latin letters glued to digits (A15, mp3, 4K) and URLs or e-mail addresses keep their ASCII digits. */
const KEEP_AS_IS =
  /(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|[A-Za-z][\w-]*\d[\w-]*|\d+[A-Za-z][\w-]*/g;

export function toPersianDigits(text: string): string {
  return text.replace(/[0-9\u0660-\u0669]/g, (digit) => {
    const code = digit.charCodeAt(0);
    const value = code >= ARABIC_INDIC_ZERO ? code - ARABIC_INDIC_ZERO : code - 0x30;
    return String.fromCharCode(PERSIAN_ZERO + value);
  });
}

/** Persian digits in running text, leaving product codes, URLs and e-mail addresses alone. */
export function persianizeText(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(KEEP_AS_IS)) {
    const start = match.index;
    out += toPersianDigits(text.slice(last, start)) + match[0];
    last = start + match[0].length;
  }
  return out + toPersianDigits(text.slice(last));
}
