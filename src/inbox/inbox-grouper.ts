import type { Clock } from '../core/clock.ts';
import type { Language } from '../core/language.ts';
import { LockBusyError, withLock } from '../core/redis-lock.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import { GroupIndex } from './group-index.ts';
import {
  fromHash,
  newGroup,
  toHash,
  withOccurrence,
  type InboxGroup,
  type Occurrence,
} from './inbox-group.ts';
import { InboxKeys } from './inbox-keys.ts';
import type { QuestionVocabulary } from './question-similarity.ts';
import { UNANSWERED_KINDS, type UnansweredKind } from './turn-facts.ts';

const DAY_MS = 86_400_000;
/** Stream entries read per step. */
const BATCH = 500;
/** The most groups a language keeps; past it the least recently seen go first. */
const MAX_GROUPS = 5_000;

export interface InboxGrouperOptions {
  readonly redis: RedisConnection;
  readonly prefix: string;
  readonly clock: Clock;
  /** A group not seen for this many days is forgotten (REPORT_EVENTS_RETENTION_DAYS). */
  readonly retentionDays: number;
  /** The language's vocabulary as the knowledge base stands now. */
  readonly vocabulary: (language: Language) => QuestionVocabulary;
  /** How long to wait for another process grouping the same language (default 3 s). */
  readonly waitMs?: number;
}

/**
 * Puts the failed questions recorded since the last time into groups of alike questions, one language at a
 * time and one process at a time (a Redis lock per language, also held while an editor changes a group's
 * status, so neither overwrites the other). Each question joins the group with its wording or the most
 * alike one (question-similarity.ts), else starts a new group; the groups' hashes and the cursor are
 * written together. Grouping happens when editors read the inbox, not in the customers' turns.
 */
export class InboxGrouper {
  private readonly keys: InboxKeys;

  constructor(private readonly o: InboxGrouperOptions) {
    this.keys = new InboxKeys(o.prefix);
  }

  /** Groups the language's new questions; false when another process was at it and did not finish in time. */
  async catchUp(language: Language): Promise<boolean> {
    try {
      await this.locked(language, () => this.groupNew(language));
      return true;
    } catch (error) {
      if (error instanceof LockBusyError) return false;
      throw error;
    }
  }

  /** Changes one group under its language's lock; undefined when there is no such group. */
  async change(
    id: string,
    change: (group: InboxGroup) => InboxGroup,
  ): Promise<{ before: InboxGroup; after: InboxGroup } | undefined> {
    const language = languageOfGroup(id);
    if (!language) return undefined;
    return this.locked(language, async () => {
      const before = fromHash(await this.o.redis.hgetall(this.keys.group(id)));
      if (!before) return undefined;
      const after = change(before);
      await this.o.redis.hset(this.keys.group(id), toHash(after));
      return { before, after };
    });
  }

  private locked<T>(language: Language, work: () => Promise<T>): Promise<T> {
    return withLock(
      { redis: this.o.redis, key: this.keys.lock(language), ttlMs: 15_000, waitMs: this.o.waitMs ?? 3_000 },
      work,
    );
  }

  private async groupNew(language: Language): Promise<void> {
    const { redis } = this.o;
    let cursor = (await redis.get(this.keys.cursor(language))) ?? '0-0';
    let index: GroupIndex | undefined;
    for (;;) {
      const rows = await redis.xrange(this.keys.occurrences(language), `(${cursor}`, '+', 'COUNT', BATCH);
      const last = rows.at(-1);
      if (!last) break;
      index ??= await this.load(language);
      const touched = new Map<string, InboxGroup>();
      const customers = new Map<string, Set<string>>();
      for (const [, fields] of rows) {
        const occurrence = occurrenceOf(fields);
        if (!occurrence) continue;
        const group =
          index.find(occurrence.question) ??
          newGroup(`${language}-${await redis.incr(this.keys.sequence)}`, language, occurrence.at);
        const updated = withOccurrence(group, occurrence);
        index.put(updated);
        touched.set(updated.id, updated);
        let who = customers.get(updated.id);
        if (!who) customers.set(updated.id, (who = new Set()));
        who.add(occurrence.customer);
      }
      cursor = last[0];
      const transaction = redis.multi();
      for (const group of touched.values()) {
        transaction.hset(this.keys.group(group.id), toHash(group));
        transaction.zadd(this.keys.groups(language), group.last, group.id);
        transaction.sadd(this.keys.customers(group.id), ...(customers.get(group.id) ?? []));
      }
      transaction.set(this.keys.cursor(language), cursor);
      await transaction.exec();
      if (rows.length < BATCH) break;
    }
    await this.prune(language);
  }

  /** Every group of the language, in an index. */
  private async load(language: Language): Promise<GroupIndex> {
    const index = new GroupIndex(language, this.o.vocabulary(language));
    const ids = await this.o.redis.zrange(this.keys.groups(language), 0, -1);
    for (let start = 0; start < ids.length; start += BATCH) {
      const pipeline = this.o.redis.pipeline();
      for (const id of ids.slice(start, start + BATCH)) pipeline.hgetall(this.keys.group(id));
      for (const [error, hash] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        const group = fromHash(hash as Record<string, string>);
        if (group) index.put(group);
      }
    }
    return index;
  }

  /** Forgets the groups not seen within the retention, and the least recently seen past MAX_GROUPS. */
  private async prune(language: Language): Promise<void> {
    const { redis } = this.o;
    const key = this.keys.groups(language);
    const cutoff = this.o.clock.now() - this.o.retentionDays * DAY_MS;
    const old = await redis.zrangebyscore(key, '-inf', `(${cutoff}`);
    const excess = Math.max(0, (await redis.zcard(key)) - old.length - MAX_GROUPS);
    const extra = excess > 0 ? await redis.zrange(key, old.length, old.length + excess - 1) : [];
    const gone = [...old, ...extra];
    if (gone.length === 0) return;
    const transaction = redis.multi();
    for (const id of gone) {
      transaction.del(this.keys.group(id), this.keys.customers(id));
      transaction.zrem(key, id);
    }
    await transaction.exec();
  }
}

/** The language a group id begins with (`fa-12`). */
export function languageOfGroup(id: string): Language | undefined {
  const match = /^(fa|ar|en)-\d{1,15}$/.exec(id);
  return match ? (match[1] as Language) : undefined;
}

/** A stream entry's fields as an occurrence (undefined for a malformed one). */
function occurrenceOf(fields: readonly string[]): Occurrence | undefined {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] ?? ''] = fields[i + 1] ?? '';
  const kind = UNANSWERED_KINDS.find((k) => k === f.kind) as UnansweredKind | undefined;
  if (!kind || !f.q || !f.at) return undefined;
  return {
    at: Number(f.at),
    kind,
    question: f.q,
    ...(f.art ? { articleId: f.art } : {}),
    customer: f.who ?? f.conv ?? '',
  };
}
