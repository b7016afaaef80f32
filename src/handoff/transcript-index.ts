import type { RedisConnection } from '../core/redis-script.ts';
import type { TranscriptEntry } from '../conversations/conversation.ts';
import { AUTHOR_TERM } from '../conversations/indexed-terms.ts';
import { conversationKeys, type ConversationKeys } from '../conversations/redis-keys.ts';
import { begins, markWords, snippet } from '../language/search-terms.ts';
import type { SearchHitView } from './console-protocol.ts';
import type { ClosedTicket } from './ticket.ts';

/** Hits returned at most. */
export const MAX_SEARCH_HITS = 40;
/** A conversation's newest index entries read at most (a line has a handful). */
export const MAX_ENTRIES_PER_CONVERSATION = 20_000;
/** Terms of one conversation kept in the index of closed conversations at most (its newest lines' first). */
export const MAX_TERMS_PER_CONVERSATION = 3_000;
/** Index entries of closed conversations read per search at most (then conversations checked line by line). */
export const MAX_CANDIDATE_ENTRIES = 2_000;
/** Closed conversations checked line by line per search at most. */
export const MAX_CANDIDATES = 300;
/** Conversations checked at once. */
const BATCH = 25;
/** Larger than any time in ms: newer conversations sort first when this minus their time is the key. */
const TIME_CEILING = 9_999_999_999_999;
const DAY_MS = 86_400_000;
/** The greatest byte: `[<w>` to `[<w>\xff` is every member that begins with w. */
const HIGHEST = Buffer.from([0xff]);

export interface TranscriptIndexOptions {
  readonly redis: RedisConnection;
  /** KEY_PREFIX. */
  readonly prefix: string;
  /** How long a closed conversation stays findable after it closed (CLOSED_TICKET_RETENTION_DAYS). */
  readonly retentionMs: number;
}

/** One closed conversation's record in the index: enough to remove its entries again. */
interface IndexedDoc {
  readonly at: number;
  readonly terms: string[];
  readonly scopes: string[];
}

/** A line that matched, before it is read. */
interface LineMatch {
  readonly conversationId: string;
  readonly entryId: string;
}

/**
 * The search over transcripts, as an index in Redis kept in two levels:
 * - per conversation, `conv:{id}:terms` (written with each customer or agent line in the conversation's own
 *   write script, see indexed-terms.ts): `<term>|<entry id>` scored by the line's time, trimmed and expiring
 *   with the transcript. A search in given conversations (the customer's own) reads these.
 * - across closed conversations, under `{search}`: when a ticket closes, its conversation's terms are added
 *   to one sorted set per scope (`all`, `team:<team>`, `agent:<id>` for the agent who resolved it and every
 *   agent who wrote in it), members `<term>|<TIME_CEILING − closed at>|<conversation id>` in lexical order,
 *   so a word's newest conversations come first; `doc:<id>` keeps its terms, scopes and time, `closed` its
 *   time. A closed conversation leaves the index CLOSED_TICKET_RETENTION_DAYS after it last closed (`prune`,
 *   run by the supervisor) or when the customer is erased (`forget`).
 * A query word matches every term it begins; a line matches when every word does. Hits are bounded
 * (MAX_SEARCH_HITS), and so is the work: entries read per conversation, candidates per search.
 */
export class TranscriptIndex {
  private readonly conv: ConversationKeys;
  private readonly base: string;

  constructor(private readonly o: TranscriptIndexOptions) {
    this.conv = conversationKeys(o.prefix);
    this.base = `${o.prefix}{search}:`;
  }

  private scopeKey(scope: string): string {
    return `${this.base}s:${scope}`;
  }

  private docKey(conversationId: string): string {
    return `${this.base}doc:${conversationId}`;
  }

  private get closedKey(): string {
    return `${this.base}closed`;
  }

  /** The scopes a closed conversation is findable in (undefined when it is not in the index). */
  async scopesOf(conversationId: string): Promise<string[] | undefined> {
    return (await this.doc(conversationId))?.scopes;
  }

  /** Adds (or updates) the conversation of a ticket that just closed, with the words it has now. */
  async closed(ticket: Pick<ClosedTicket, 'conversationId' | 'agentId' | 'team' | 'endedAt'>): Promise<void> {
    const id = ticket.conversationId;
    const members = await this.o.redis.zrevrange(this.conv.terms(id), 0, MAX_ENTRIES_PER_CONVERSATION - 1);
    const old = await this.doc(id);
    const terms = new Set(old?.terms ?? []);
    const scopes = new Set([...(old?.scopes ?? []), 'all', `team:${ticket.team}`, `agent:${ticket.agentId}`]);
    for (const member of members) {
      const term = member.slice(0, member.lastIndexOf('|'));
      if (term.startsWith(AUTHOR_TERM)) scopes.add(`agent:${term.slice(AUTHOR_TERM.length)}`);
      else if (terms.size < MAX_TERMS_PER_CONVERSATION) terms.add(term);
    }
    const at = ticket.endedAt;
    const tx = this.o.redis.multi();
    if (old) this.removeEntries(tx, id, old);
    for (const scope of scopes) {
      const key = this.scopeKey(scope);
      const entries = [...terms].flatMap((term) => [0, entryOf(term, at, id)]);
      if (entries.length > 0) tx.zadd(key, ...entries);
    }
    tx.hset(this.docKey(id), {
      at: String(at),
      terms: JSON.stringify([...terms]),
      scopes: JSON.stringify([...scopes]),
    });
    tx.pexpire(this.docKey(id), this.o.retentionMs + DAY_MS);
    tx.zadd(this.closedKey, at, id);
    await tx.exec();
  }

  /** Removes conversations from the index of closed conversations (erasure); safe to run again. */
  async forget(conversationIds: Iterable<string>): Promise<void> {
    for (const id of conversationIds) {
      const doc = await this.doc(id);
      const tx = this.o.redis.multi();
      if (doc) this.removeEntries(tx, id, doc);
      tx.del(this.docKey(id));
      tx.zrem(this.closedKey, id);
      await tx.exec();
    }
  }

  /** Removes conversations that closed more than the retention before `now` (at most `limit`); returns how many. */
  async prune(now: number, limit = 200): Promise<number> {
    const ids = await this.o.redis.zrangebyscore(
      this.closedKey,
      '-inf',
      now - this.o.retentionMs,
      'LIMIT',
      0,
      limit,
    );
    await this.forget(ids);
    return ids.length;
  }

  /** Lines of these conversations (the customer's own) that match every word, newest first. */
  async inConversations(
    conversationIds: readonly string[],
    words: readonly string[],
    limit = MAX_SEARCH_HITS,
  ): Promise<Omit<SearchHitView, 'own'>[]> {
    if (words.length === 0) return [];
    const matches: (LineMatch & { at: number })[] = [];
    for (let i = 0; i < conversationIds.length; i += BATCH) {
      const batch = conversationIds.slice(i, i + BATCH);
      const found = await Promise.all(batch.map((id) => this.linesIn(id, words, limit)));
      matches.push(...found.flat());
    }
    matches.sort((a, b) => b.at - a.at || (b.entryId > a.entryId ? 1 : -1));
    return this.read(matches.slice(0, limit), words);
  }

  /**
   * Lines of closed conversations in any of `scopes` that match every word: the conversations that last
   * closed most recently first, and their newest lines first.
   */
  async inClosed(
    scopes: readonly string[],
    words: readonly string[],
    limit = MAX_SEARCH_HITS,
  ): Promise<Omit<SearchHitView, 'own'>[]> {
    if (words.length === 0 || scopes.length === 0) return [];
    const candidates = await this.candidates(scopes, words);
    const matches: LineMatch[] = [];
    for (let i = 0; i < candidates.length && matches.length < limit; i += BATCH) {
      const batch = candidates.slice(i, i + BATCH);
      const found = await Promise.all(batch.map((id) => this.linesIn(id, words, limit)));
      for (const lines of found) matches.push(...lines);
    }
    return this.read(matches.slice(0, limit), words);
  }

  /** Closed conversations in the scopes that have a term the rarest word begins, most recently closed first. */
  private async candidates(scopes: readonly string[], words: readonly string[]): Promise<string[]> {
    const keys = scopes.map((scope) => this.scopeKey(scope));
    const range = (word: string): [string, Buffer] => [
      `[${word}`,
      Buffer.concat([Buffer.from(`[${word}`), HIGHEST]),
    ];
    const counts = await Promise.all(
      words.map(async (word) => {
        const perKey = await Promise.all(keys.map((key) => this.o.redis.zlexcount(key, ...range(word))));
        return perKey.reduce((a, b) => a + b, 0);
      }),
    );
    if (counts.some((n) => n === 0)) return [];
    const rarest = words[counts.indexOf(Math.min(...counts))] as string;
    const read = Math.ceil(MAX_CANDIDATE_ENTRIES / keys.length);
    const lists = await Promise.all(
      keys.map((key) => this.o.redis.zrangebylex(key, ...range(rarest), 'LIMIT', 0, read)),
    );
    const newest = new Map<string, number>();
    for (const member of lists.flat()) {
      const [, inverted, id] = splitEntry(member);
      const at = TIME_CEILING - inverted;
      if ((newest.get(id) ?? -1) < at) newest.set(id, at);
    }
    return [...newest]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_CANDIDATES)
      .map(([id]) => id);
  }

  /** A conversation's lines (their ids and times) that match every word, newest first. */
  private async linesIn(
    conversationId: string,
    words: readonly string[],
    limit: number,
  ): Promise<(LineMatch & { at: number })[]> {
    const flat = await this.o.redis.zrevrange(
      this.conv.terms(conversationId),
      0,
      MAX_ENTRIES_PER_CONVERSATION - 1,
      'WITHSCORES',
    );
    const lines = new Map<string, { terms: string[]; at: number }>();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const member = flat[i] as string;
      const bar = member.lastIndexOf('|');
      const entryId = member.slice(bar + 1);
      let line = lines.get(entryId);
      if (!line) lines.set(entryId, (line = { terms: [], at: Number(flat[i + 1]) }));
      line.terms.push(member.slice(0, bar));
    }
    const matches: (LineMatch & { at: number })[] = [];
    for (const [entryId, line] of lines) {
      if (matches.length >= limit) break;
      if (words.every((word) => begins(line.terms, word)))
        matches.push({ conversationId, entryId, at: line.at });
    }
    return matches;
  }

  /** Reads the matched lines (those trimmed from their transcript since are left out) with their marks. */
  private async read(matches: readonly LineMatch[], words: readonly string[]) {
    const entries = await Promise.all(
      matches.map(async ({ conversationId, entryId }) => {
        const rows = await this.o.redis.xrange(this.conv.transcript(conversationId), entryId, entryId);
        const json = rows[0]?.[1][1];
        return json
          ? { conversationId, entry: { id: entryId, ...JSON.parse(json) } as TranscriptEntry }
          : undefined;
      }),
    );
    return entries.flatMap((found) => {
      if (!found) return [];
      const { conversationId, entry } = found;
      const shown = snippet(entry.text, markWords(entry.text, words));
      return [
        {
          conversationId,
          entryId: entry.id,
          at: entry.at,
          author: entry.author.kind,
          text: shown.text,
          marks: shown.marks,
        },
      ];
    });
  }

  private async doc(conversationId: string): Promise<IndexedDoc | undefined> {
    const hash = await this.o.redis.hgetall(this.docKey(conversationId));
    if (hash.at === undefined) return undefined;
    const list = (json: string | undefined) => (json ? (JSON.parse(json) as string[]) : []);
    return { at: Number(hash.at), terms: list(hash.terms), scopes: list(hash.scopes) };
  }

  private removeEntries(tx: ReturnType<RedisConnection['multi']>, id: string, doc: IndexedDoc): void {
    if (doc.terms.length === 0) return;
    const entries = doc.terms.map((term) => entryOf(term, doc.at, id));
    for (const scope of doc.scopes) tx.zrem(this.scopeKey(scope), ...entries);
  }
}

/** `<term>|<TIME_CEILING − at, 13 digits>|<conversation id>`: a word's newest conversations sort first. */
function entryOf(term: string, at: number, conversationId: string): string {
  return `${term}|${String(TIME_CEILING - at).padStart(13, '0')}|${conversationId}`;
}

function splitEntry(member: string): [string, number, string] {
  const first = member.indexOf('|');
  const second = member.indexOf('|', first + 1);
  return [member.slice(0, first), Number(member.slice(first + 1, second)), member.slice(second + 1)];
}
