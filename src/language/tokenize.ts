/**
 * Word tokenization that keeps every script (natural's tokenizers drop Arabic script).
 * A token is a run of letters, combining marks and digits. Run it on folded text
 * (`foldForSearch`), where ZWNJ has already joined the parts of a Persian word.
 */

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}
