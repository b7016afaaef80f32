import { foldForSearch } from '../language/normalize.ts';

/** The text folded for matching, with single spaces around every word. */
function padded(text: string): string {
  return ` ${foldForSearch(text).split(/\s+/).filter(Boolean).join(' ')} `;
}

/** Whether the whole message is one of the phrases (after normalization). */
export function isOnlyPhrase(text: string, phrases: readonly string[]): boolean {
  const folded = padded(text);
  return folded.trim().length > 0 && phrases.some((phrase) => padded(phrase) === folded);
}

/** Whether the message contains one of the phrases as whole words (after normalization). */
export function containsPhrase(text: string, phrases: readonly string[]): boolean {
  const folded = padded(text);
  return phrases.some((phrase) => {
    const p = padded(phrase);
    return p.trim().length > 0 && folded.includes(p);
  });
}
