import { searchTerms } from '../language/search-terms.ts';
import type { NewTranscriptEntry } from './conversation.ts';

/** The pseudo-term that says an agent wrote a line (`~agent:<id>`): never a word, which has no `~`. */
export const AUTHOR_TERM = '~agent:';

/**
 * What the transcript search index keeps of a line: the search terms of what a customer or an agent wrote
 * (the bot's answers are the articles' text and notices, found elsewhere; system lines say who joined), and
 * for an agent's line who wrote it, so that the conversation can later be found by the agents who served it.
 */
export function indexedTerms(entry: NewTranscriptEntry): string[] {
  const { author } = entry;
  if (author.kind === 'customer') return searchTerms(entry.text);
  if (author.kind === 'agent') return [...searchTerms(entry.text), `${AUTHOR_TERM}${author.id}`];
  return [];
}
