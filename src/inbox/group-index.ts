import type { Language } from '../core/language.ts';
import { wordingKey, type InboxGroup } from './inbox-group.ts';
import {
  SAME_QUESTION,
  similarity,
  type QuestionTerms,
  type QuestionVocabulary,
} from './question-similarity.ts';

interface Entry {
  group: InboxGroup;
  examples: QuestionTerms[];
}

/**
 * One language's groups in memory while new questions are placed: each group's examples as terms, every
 * exact wording, and a table from term keys to groups so that a question is compared only with the groups
 * that share a key with it (a term or two neighbouring terms joined, each also less one letter anywhere and
 * less its last two letters: every pair of terms `termMatch` counts shares one, but for two typos in a
 * long word).
 */
export class GroupIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly wordings = new Map<string, string>();
  private readonly byKey = new Map<string, Set<string>>();

  constructor(
    private readonly language: Language,
    private readonly vocabulary: QuestionVocabulary,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Adds a group, or replaces it with a newer version of itself. */
  put(group: InboxGroup): void {
    const examples = group.examples.map((example) => this.vocabulary.read(example.text));
    this.entries.set(group.id, { group, examples });
    for (const example of group.examples)
      this.wordings.set(wordingKey(example.text, this.language), group.id);
    for (const terms of examples) {
      for (const key of keysOf(terms)) {
        let ids = this.byKey.get(key);
        if (!ids) this.byKey.set(key, (ids = new Set()));
        ids.add(group.id);
      }
    }
  }

  get(id: string): InboxGroup | undefined {
    return this.entries.get(id)?.group;
  }

  /** The group this question belongs to: one with the same wording, else the most alike at SAME_QUESTION or more. */
  find(question: string): InboxGroup | undefined {
    const same = this.wordings.get(wordingKey(question, this.language));
    if (same !== undefined) return this.get(same);
    const terms = this.vocabulary.read(question);
    const candidates = new Set<string>();
    for (const key of keysOf(terms)) for (const id of this.byKey.get(key) ?? []) candidates.add(id);
    let best: Entry | undefined;
    let bestScore = SAME_QUESTION;
    for (const id of candidates) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      for (const example of entry.examples) {
        const score = similarity(terms, example);
        if (score >= bestScore && (score > bestScore || !best || entry.group.count > best.group.count)) {
          best = entry;
          bestScore = score;
        }
      }
    }
    return best?.group;
  }
}

/** The keys of a question's terms and of each two neighbouring terms joined (a compound written apart). */
function keysOf(question: QuestionTerms): Set<string> {
  const keys = new Set<string>();
  question.terms.forEach((term, i) => {
    for (const key of termKeys(term)) keys.add(key);
    const next = question.terms[i + 1];
    if (next !== undefined) for (const key of termKeys(term + next)) keys.add(key);
  });
  return keys;
}

/** The keys a term is filed under: itself; for 3+ letters, itself less any one letter and less its ending. */
export function termKeys(term: string): string[] {
  const letters = [...term];
  const keys = new Set([term]);
  if (letters.length >= 3) {
    for (let i = 0; i < letters.length; i++)
      keys.add([...letters.slice(0, i), ...letters.slice(i + 1)].join(''));
    if (letters.length >= 5) keys.add(letters.slice(0, -2).join(''));
  }
  return [...keys];
}
