import { LANGUAGES, type Language } from '../core/language.ts';
import { withLock } from '../core/redis-lock.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import { GroupIndex } from './group-index.ts';
import { fromHash, toHash, wordingKey, type InboxGroup } from './inbox-group.ts';
import { InboxKeys } from './inbox-keys.ts';
import { QuestionVocabulary } from './question-similarity.ts';
import type { UnansweredKind } from './turn-facts.ts';

/** One failed question as the stream keeps it, for a customer's export. */
export type StoredUnanswered = Readonly<Record<string, string>> & { readonly id: string };

export interface InboxErasureOptions {
  readonly redis: RedisConnection;
  readonly prefix: string;
  /**
   * The language's similarity vocabulary, to find the group a question went to when its wording is no
   * longer among the examples (default: every word weighs the same, for a command line without the
   * knowledge base).
   */
  readonly vocabulary?: (language: Language) => QuestionVocabulary;
  /** Stream entries read per step (default 1,000). */
  readonly batch?: number;
}

/**
 * What the inbox keeps that names given conversations, found and removed for a customer's export and
 * erasure: their failed questions in the streams (with the conversation and the customer), and the
 * customer in the groups' sets of customers. A question already grouped is taken off the group with its
 * wording (else the most alike, where the grouper put it): one count off its wording among the examples,
 * its kind, article and time, in the same transaction that deletes it from the stream, so an erasure cut
 * short is finished by running it again; the groups' figures keep no customer. Each language is erased
 * under the lock its grouping takes.
 */
export class InboxErasure {
  private readonly keys: InboxKeys;
  private readonly batch: number;

  constructor(private readonly o: InboxErasureOptions) {
    this.keys = new InboxKeys(o.prefix);
    this.batch = o.batch ?? 1_000;
  }

  /** The failed questions of these conversations, as kept. */
  async questionsOf(conversationIds: ReadonlySet<string>): Promise<StoredUnanswered[]> {
    const found: StoredUnanswered[] = [];
    for (const language of LANGUAGES) found.push(...(await this.scan(language, conversationIds)));
    return found;
  }

  /** Removes everything of the inbox that names these conversations; returns the questions removed. */
  async forget(conversationIds: ReadonlySet<string>): Promise<number> {
    let removed = 0;
    for (const language of LANGUAGES) {
      const entries = await this.scan(language, conversationIds);
      if (entries.length === 0) continue;
      removed += await withLock(
        { redis: this.o.redis, key: this.keys.lock(language), ttlMs: 15_000, waitMs: 10_000 },
        () => this.forgetIn(language, entries),
      );
    }
    return removed;
  }

  private async forgetIn(language: Language, entries: readonly StoredUnanswered[]): Promise<number> {
    const { redis } = this.o;
    const stream = this.keys.occurrences(language);
    const cursor = (await redis.get(this.keys.cursor(language))) ?? '0-0';
    const ids = await redis.zrange(this.keys.groups(language), 0, -1);
    // First the customers out of every group (done again by a run that follows a cut-short one).
    const customers = [...new Set(entries.map((entry) => entry.who ?? ''))].filter(Boolean);
    const groups = new Map<string, InboxGroup>();
    for (const id of ids) {
      const group = fromHash(await redis.hgetall(this.keys.group(id)));
      if (!group) continue;
      if (customers.length > 0) await redis.srem(this.keys.customers(id), ...customers);
      const afterDone = group.afterDone.filter((who) => !customers.includes(who));
      const cleaned = afterDone.length === group.afterDone.length ? group : { ...group, afterDone };
      if (cleaned !== group) await redis.hset(this.keys.group(id), toHash(cleaned));
      groups.set(id, cleaned);
    }
    const vocabulary = this.o.vocabulary?.(language) ?? new QuestionVocabulary(language, []);
    const index = new GroupIndex(language, vocabulary);
    for (const group of groups.values()) index.put(group);
    let removed = 0;
    for (const entry of entries) {
      const transaction = redis.multi();
      if (compareIds(entry.id, cursor) <= 0) {
        const group = index.find(entry.q ?? '');
        if (group) {
          const after = without(group, entry, language);
          if (after.count <= 0) {
            transaction.del(this.keys.group(group.id), this.keys.customers(group.id));
            transaction.zrem(this.keys.groups(language), group.id);
          } else {
            transaction.hset(this.keys.group(group.id), toHash(after));
            index.put(after);
          }
        }
      }
      transaction.xdel(stream, entry.id);
      await transaction.exec();
      removed += 1;
    }
    return removed;
  }

  /** The language's stream entries naming one of the conversations. */
  private async scan(language: Language, conversationIds: ReadonlySet<string>): Promise<StoredUnanswered[]> {
    const found: StoredUnanswered[] = [];
    let from = '-';
    for (;;) {
      const rows = await this.o.redis.xrange(this.keys.occurrences(language), from, '+', 'COUNT', this.batch);
      for (const [id, fields] of rows) {
        const entry: Record<string, string> = { id };
        for (let i = 0; i + 1 < fields.length; i += 2) entry[fields[i] ?? ''] = fields[i + 1] ?? '';
        if (conversationIds.has(entry.conv ?? '')) found.push(entry as StoredUnanswered);
      }
      const last = rows.at(-1);
      if (!last || rows.length < this.batch) return found;
      from = `(${last[0]}`;
    }
  }
}

/** The group without one of its questions: counted one less, its wording and time taken off. */
function without(group: InboxGroup, entry: StoredUnanswered, language: Language): InboxGroup {
  const kind = entry.kind as UnansweredKind;
  const kinds = countedDown(group.kinds, kind);
  const articles = entry.art
    ? (countedDown(group.articles, entry.art) as Record<string, number>)
    : group.articles;
  const key = wordingKey(entry.q ?? '', language);
  const examples = group.examples
    .map((e) => (wordingKey(e.text, language) === key ? { ...e, count: e.count - 1 } : e))
    .filter((e) => e.count > 0);
  const at = Number(entry.at);
  const drop = group.times.indexOf(at);
  const times = drop >= 0 ? [...group.times.slice(0, drop), ...group.times.slice(drop + 1)] : group.times;
  return { ...group, count: group.count - 1, kinds, articles, examples, times };
}

/** The counts with one less of `name` (left out at zero). */
function countedDown<K extends string>(
  counts: Readonly<Partial<Record<K, number>>>,
  name: K,
): Partial<Record<K, number>> {
  const entries = Object.entries(counts) as [K, number][];
  return Object.fromEntries(
    entries.map(([k, n]): [K, number] => [k, k === name ? n - 1 : n]).filter(([, n]) => n > 0),
  ) as Partial<Record<K, number>>;
}

/** Orders two stream ids ("ms-seq"). */
function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
