/**
 * Fills a canned reply's {customer} and {agent} before it goes into the composer. Without a name the
 * placeholder goes away with the space or comma that belongs to it, so "سلام {customer}، ..." reads
 * "سلام، ..." and "Thank you, {customer}." reads "Thank you."
 */
export interface CannedValues {
  readonly customer?: string;
  readonly agent?: string;
}

export function fillCanned(text: string, values: CannedValues): string {
  let out = text;
  for (const key of ['customer', 'agent'] as const) {
    const value = values[key]?.trim();
    const slot = `\\{${key}\\}`;
    out = value
      ? out.replaceAll(`{${key}}`, value)
      : out
          // "patience, {customer}." -> "patience."
          .replace(new RegExp(`[،,][ \\u00a0]*${slot}`, 'g'), '')
          // "حل شد. {customer}، ممنون" -> "حل شد. ممنون": a name opening a sentence takes its comma along
          .replace(new RegExp(`(^|[.!?؟][ \\u00a0]+)${slot}[،,][ \\u00a0]*`, 'g'), '$1')
          // "Hi {customer}, I'm" -> "Hi, I'm"
          .replace(new RegExp(`[ \\u00a0]*${slot}`, 'g'), '');
  }
  return out
    .replace(/[ \u00a0]+([،,.!?؟])/g, '$1')
    .replace(/[ \u00a0]{2,}/g, ' ')
    .trim();
}

/** Folds the letters Persian and Arabic keyboards type differently, for searching replies. */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/[أإآ]/g, 'ا')
    .replace(/\u200c/g, ' ');
}
