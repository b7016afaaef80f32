import { foldForSearch } from '../language/normalize.ts';

/** The text folded for matching, with single spaces around every word. */
function padded(text: string): string {
  return ` ${foldForSearch(text).split(/\s+/).filter(Boolean).join(' ')} `;
}

/**
 * A phrase list folded once (the catalog's lists live as long as the catalog, so they are folded on first
 * use, not at every turn).
 */
const foldedLists = new WeakMap<readonly string[], { readonly all: Set<string>; readonly list: string[] }>();

function folded(phrases: readonly string[]): { readonly all: Set<string>; readonly list: string[] } {
  let found = foldedLists.get(phrases);
  if (!found) {
    const list = phrases.map(padded).filter((p) => p.trim().length > 0);
    found = { all: new Set(list), list };
    foldedLists.set(phrases, found);
  }
  return found;
}

/** Whether the whole message is one of the phrases (after normalization). */
export function isOnlyPhrase(text: string, phrases: readonly string[]): boolean {
  const message = padded(text);
  return message.trim().length > 0 && folded(phrases).all.has(message);
}

/** Whether the message contains one of the phrases as whole words (after normalization). */
export function containsPhrase(text: string, phrases: readonly string[]): boolean {
  const message = padded(text);
  return folded(phrases).list.some((phrase) => message.includes(phrase));
}
