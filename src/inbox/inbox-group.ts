import type { Language } from '../core/language.ts';
import { foldForSearch } from '../language/normalize.ts';
import { UNANSWERED_KINDS, type UnansweredKind } from './turn-facts.ts';

/** Where a group stands: to look at, fixed (the question was added to an article), or set aside. */
export const GROUP_STATUSES = ['new', 'done', 'ignored'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** Distinct wordings kept per group (the most asked). */
export const MAX_EXAMPLES = 8;
/** Times of the latest occurrences kept per group (for "new since your last visit"). */
export const MAX_TIMES = 100;
/** A done group opens again when this many customers' questions fail after it was done... */
export const REOPEN_AFTER = 2;
/** ...counting from this long after (the knowledge base reloads the edited article in the meantime). */
export const REOPEN_GRACE_MS = 60_000;

export interface GroupExample {
  readonly text: string;
  readonly count: number;
  readonly last: number;
}

/** One group of alike failed questions, as its hash keeps it. */
export interface InboxGroup {
  readonly id: string;
  readonly language: Language;
  readonly status: GroupStatus;
  /** When and by whom the status was last set (`by` empty: reopened by failures after done). */
  readonly statusAt: number;
  readonly statusBy: string;
  /** Opened again by failures after it was done. */
  readonly reopened: boolean;
  /** The article the question was added to, when done with one. */
  readonly addedTo?: string;
  readonly count: number;
  readonly first: number;
  readonly last: number;
  readonly kinds: Readonly<Partial<Record<UnansweredKind, number>>>;
  /** The articles the bot gave, with how often. */
  readonly articles: Readonly<Record<string, number>>;
  readonly examples: readonly GroupExample[];
  /** The latest occurrences' times, newest last. */
  readonly times: readonly number[];
  /** Customers whose question failed after the group was done (up to REOPEN_AFTER). */
  readonly afterDone: readonly string[];
}

/** One failed question as the grouper reads it from the stream. */
export interface Occurrence {
  readonly at: number;
  readonly kind: UnansweredKind;
  readonly question: string;
  readonly articleId?: string;
  readonly customer: string;
}

/** A new group for its first question. */
export function newGroup(id: string, language: Language, at: number): InboxGroup {
  return {
    id,
    language,
    status: 'new',
    statusAt: at,
    statusBy: '',
    reopened: false,
    count: 0,
    first: at,
    last: at,
    kinds: {},
    articles: {},
    examples: [],
    times: [],
    afterDone: [],
  };
}

/** The same wording, whatever its spelling variants (ي/ی, digits, ZWNJ, case, punctuation spacing). */
export function wordingKey(text: string, language: Language): string {
  return foldForSearch(text, language)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The group with one more failed question: counted by kind and article, its wording among the examples,
 * its time among the latest; a done group counts the customer as failing after the fix (from a minute after
 * it was done, once the article has reloaded) and opens again (status `new`, `reopened`) once REOPEN_AFTER
 * customers did. An ignored group stays ignored.
 */
export function withOccurrence(group: InboxGroup, o: Occurrence): InboxGroup {
  const kinds = { ...group.kinds, [o.kind]: (group.kinds[o.kind] ?? 0) + 1 };
  const articles = o.articleId
    ? { ...group.articles, [o.articleId]: (group.articles[o.articleId] ?? 0) + 1 }
    : group.articles;
  let { status, statusAt, statusBy, reopened, afterDone } = group;
  if (status === 'done' && o.at >= statusAt + REOPEN_GRACE_MS && !afterDone.includes(o.customer)) {
    afterDone = [...afterDone, o.customer];
    if (afterDone.length >= REOPEN_AFTER) {
      status = 'new';
      statusAt = o.at;
      statusBy = '';
      reopened = true;
      afterDone = [];
    }
  }
  return {
    ...group,
    status,
    statusAt,
    statusBy,
    reopened,
    afterDone,
    count: group.count + 1,
    first: Math.min(group.first, o.at),
    last: Math.max(group.last, o.at),
    kinds,
    articles,
    examples: withExample(group.examples, o, group.language),
    times: [...group.times, o.at].sort((a, b) => a - b).slice(-MAX_TIMES),
  };
}

/** The examples with one more wording: counted with its like, else added; the most asked kept. */
function withExample(examples: readonly GroupExample[], o: Occurrence, language: Language): GroupExample[] {
  const key = wordingKey(o.question, language);
  const found = examples.findIndex((e) => wordingKey(e.text, language) === key);
  const next = [...examples];
  if (found >= 0) {
    const e = next[found] as GroupExample;
    next[found] = { text: e.text, count: e.count + 1, last: Math.max(e.last, o.at) };
  } else {
    next.push({ text: o.question, count: 1, last: o.at });
  }
  return next.sort((a, b) => b.count - a.count || b.last - a.last).slice(0, MAX_EXAMPLES);
}

/** The group with a status an editor set. */
export function withStatus(
  group: InboxGroup,
  status: GroupStatus,
  by: string,
  at: number,
  addedTo?: string,
): InboxGroup {
  const { addedTo: _previous, ...rest } = group;
  return {
    ...rest,
    status,
    statusAt: at,
    statusBy: by,
    reopened: false,
    afterDone: [],
    ...(status === 'done' && addedTo ? { addedTo } : {}),
  };
}

/** A group as the fields of its hash. */
export function toHash(group: InboxGroup): Record<string, string> {
  return {
    id: group.id,
    language: group.language,
    status: group.status,
    statusAt: String(group.statusAt),
    statusBy: group.statusBy,
    reopened: group.reopened ? '1' : '0',
    addedTo: group.addedTo ?? '',
    count: String(group.count),
    first: String(group.first),
    last: String(group.last),
    kinds: JSON.stringify(group.kinds),
    articles: JSON.stringify(group.articles),
    examples: JSON.stringify(group.examples),
    times: JSON.stringify(group.times),
    afterDone: JSON.stringify(group.afterDone),
  };
}

/** A group from its hash (undefined for a missing or broken one). */
export function fromHash(hash: Record<string, string>): InboxGroup | undefined {
  if (!hash.id || !hash.language) return undefined;
  const status = GROUP_STATUSES.find((s) => s === hash.status) ?? 'new';
  const kinds = parsed<Record<string, number>>(hash.kinds, {});
  return {
    id: hash.id,
    language: hash.language as Language,
    status,
    statusAt: Number(hash.statusAt ?? 0),
    statusBy: hash.statusBy ?? '',
    reopened: hash.reopened === '1',
    ...(hash.addedTo ? { addedTo: hash.addedTo } : {}),
    count: Number(hash.count ?? 0),
    first: Number(hash.first ?? 0),
    last: Number(hash.last ?? 0),
    kinds: Object.fromEntries(
      UNANSWERED_KINDS.filter((kind) => kinds[kind] !== undefined).map((kind) => [kind, kinds[kind]]),
    ),
    articles: parsed(hash.articles, {}),
    examples: parsed(hash.examples, []),
    times: parsed(hash.times, []),
    afterDone: parsed(hash.afterDone, []),
  };
}

function parsed<T>(json: string | undefined, fallback: T): T {
  if (!json) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}
