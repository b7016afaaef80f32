import type { RedisConnection } from '../core/redis-script.ts';
import { compareEntryIds } from '../adapters/web/entry-view.ts';
import type { TranscriptEntry } from '../conversations/conversation.ts';
import { AUTHOR_TERM } from '../conversations/indexed-terms.ts';
import { conversationKeys, type ConversationKeys } from '../conversations/redis-keys.ts';
import { begins, markWords, snippet } from '../language/search-terms.ts';
import type { ClosedReach, ClosedSearch } from './chat-access.ts';
import type { SearchHitView } from './console-protocol.ts';
import type { ClosedTicket } from './ticket.ts';

/** Hits returned at most. */
export const MAX_SEARCH_HITS = 40;
/** Conversations an agent served that a search of theirs checks at most (the most recently closed). */
export const MAX_SERVED_CHECKED = 100;
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

/** One closed conversation's record in the index: who may read it, and enough to remove its entries again. */
interface IndexedDoc extends ClosedReach {
  readonly at: number;
  readonly terms: string[];
}

/** A line that matched, before it is read. */
interface LineMatch {
  readonly conversationId: string;
  readonly entryId: string;
}

/**
 * The search over transcripts, as an index in Redis kept in two levels:
 * - per conversation, `conv:{id}:terms` (written with each customer or agent line in the conversation's own
 *   write script, see indexed-terms.ts): a hash from each line's entry id to its terms, trimmed and expiring
 *   with the transcript. A search in given conversations (the customer's own) reads these, never the text.
 * - across closed conversations, under `{search}`: when a ticket closes, its conversation's terms are added
 *   to its team's lexically ordered set (`s:team:<team>`; `teams` lists the sets, which a supervisor's search
 *   reads together), members `<term> <TIME_CEILING − closed at> <conversation id>` (a space sorts before any
 *   letter or digit, so a word's own conversations come first, newest first, then longer words it begins);
 *   `served:<agent>` lists by time the conversations an agent resolved or wrote in; `doc:<id>` keeps its
 *   terms, teams, agents and time, `closed` its time. A closed conversation leaves the index
 *   CLOSED_TICKET_RETENTION_DAYS after it last closed (`prune`, run by the supervisor) or when the customer
 *   is erased (`forget`).
 * A query word matches every term it begins; a line matches when every word does. Hits are bounded
 * (MAX_SEARCH_HITS), and so is the work: candidates per search, conversations checked.
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

  /** The teams that have a set (a supervisor's search reads them all). */
  private get teamsKey(): string {
    return `${this.base}teams`;
  }

  private servedKey(agentId: string): string {
    return `${this.base}served:${agentId}`;
  }

  private docKey(conversationId: string): string {
    return `${this.base}doc:${conversationId}`;
  }

  private get closedKey(): string {
    return `${this.base}closed`;
  }

  /** Who may read a closed conversation (undefined when it is not in the index). */
  async reachOf(conversationId: string): Promise<ClosedReach | undefined> {
    const doc = await this.doc(conversationId);
    return doc ? { teams: doc.teams, agents: doc.agents } : undefined;
  }

  /** Adds (or updates) the conversation of a ticket that just closed, with the words it has now. */
  async closed(ticket: Pick<ClosedTicket, 'conversationId' | 'agentId' | 'team' | 'endedAt'>): Promise<void> {
    const id = ticket.conversationId;
    const lines = await this.lines(id);
    const old = await this.doc(id);
    const terms = new Set(old?.terms ?? []);
    const teams = new Set([...(old?.teams ?? []), ticket.team]);
    const agents = new Set([...(old?.agents ?? []), ticket.agentId]);
    for (const [, lineTerms] of lines) {
      for (const term of lineTerms) {
        if (term.startsWith(AUTHOR_TERM)) agents.add(term.slice(AUTHOR_TERM.length));
        else if (terms.size < MAX_TERMS_PER_CONVERSATION) terms.add(term);
      }
    }
    const at = ticket.endedAt;
    const tx = this.o.redis.multi();
    if (old) this.removeEntries(tx, id, old);
    const entries = [...terms].flatMap((term) => [0, entryOf(term, at, id)]);
    for (const team of teams) {
      if (entries.length > 0) tx.zadd(this.scopeKey(`team:${team}`), ...entries);
    }
    tx.sadd(this.teamsKey, ...teams);
    for (const agentId of agents) tx.zadd(this.servedKey(agentId), at, id);
    tx.hset(this.docKey(id), {
      at: String(at),
      terms: JSON.stringify([...terms]),
      teams: JSON.stringify([...teams]),
      agents: JSON.stringify([...agents]),
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
   * Lines of the closed conversations `search` reaches that match every word: the conversations that last
   * closed most recently first, and their newest lines first.
   */
  async inClosed(
    search: ClosedSearch,
    words: readonly string[],
    limit = MAX_SEARCH_HITS,
  ): Promise<Omit<SearchHitView, 'own'>[]> {
    if (words.length === 0) return [];
    const candidates = await this.candidates(search, words);
    const matches: LineMatch[] = [];
    for (let i = 0; i < candidates.length && matches.length < limit; i += BATCH) {
      const batch = candidates.slice(i, i + BATCH);
      const found = await Promise.all(batch.map((id) => this.linesIn(id, words, limit)));
      for (const lines of found) matches.push(...lines);
    }
    return this.read(matches.slice(0, limit), words);
  }

  /**
   * The closed conversations to check line by line, most recently closed first: those of the scope's sets
   * with a term that the rarest word begins, and for an agent the ones they served most recently.
   */
  private async candidates(search: ClosedSearch, words: readonly string[]): Promise<string[]> {
    const teams = search.all ? await this.o.redis.smembers(this.teamsKey) : [search.team];
    const keys = teams.map((team) => this.scopeKey(`team:${team}`));
    const range = (word: string): [string, Buffer] => [
      `[${word}`,
      Buffer.concat([Buffer.from(`[${word}`), HIGHEST]),
    ];
    const counts = await Promise.all(
      words.map(async (word) =>
        (await Promise.all(keys.map((key) => this.o.redis.zlexcount(key, ...range(word))))).reduce(
          (a, b) => a + b,
          0,
        ),
      ),
    );
    const newest = new Map<string, number>();
    if (keys.length > 0 && counts.every((n) => n > 0)) {
      const rarest = words[counts.indexOf(Math.min(...counts))] as string;
      const each = Math.ceil(MAX_CANDIDATE_ENTRIES / keys.length);
      const lists = await Promise.all(
        keys.map((key) => this.o.redis.zrangebylex(key, ...range(rarest), 'LIMIT', 0, each)),
      );
      for (const member of lists.flat()) {
        const [, inverted, id] = splitEntry(member);
        const at = TIME_CEILING - inverted;
        if ((newest.get(id) ?? -1) < at) newest.set(id, at);
      }
    }
    if (!search.all) {
      const served = await this.o.redis.zrevrange(
        this.servedKey(search.agentId),
        0,
        MAX_SERVED_CHECKED - 1,
        'WITHSCORES',
      );
      for (let i = 0; i + 1 < served.length; i += 2) {
        const id = served[i] as string;
        if (!newest.has(id)) newest.set(id, Number(served[i + 1]));
      }
    }
    return [...newest]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_CANDIDATES)
      .map(([id]) => id);
  }

  /** A conversation's indexed lines, newest first: entry id → terms. */
  private async lines(conversationId: string): Promise<[string, string[]][]> {
    const hash = await this.o.redis.hgetall(this.conv.terms(conversationId));
    return Object.entries(hash)
      .map(([entryId, terms]): [string, string[]] => [entryId, terms.split(' ')])
      .sort((a, b) => compareEntryIds(b[0], a[0]));
  }

  /** A conversation's lines (their ids and times) that match every word, newest first. */
  private async linesIn(
    conversationId: string,
    words: readonly string[],
    limit: number,
  ): Promise<(LineMatch & { at: number })[]> {
    const matches: (LineMatch & { at: number })[] = [];
    for (const [entryId, terms] of await this.lines(conversationId)) {
      if (matches.length >= limit) break;
      if (words.every((word) => begins(terms, word))) {
        matches.push({ conversationId, entryId, at: Number(entryId.split('-')[0]) });
      }
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
    return {
      at: Number(hash.at),
      terms: list(hash.terms),
      teams: list(hash.teams),
      agents: list(hash.agents),
    };
  }

  private removeEntries(tx: ReturnType<RedisConnection['multi']>, id: string, doc: IndexedDoc): void {
    for (const agentId of doc.agents) tx.zrem(this.servedKey(agentId), id);
    if (doc.terms.length === 0) return;
    const entries = doc.terms.map((term) => entryOf(term, doc.at, id));
    for (const team of doc.teams) tx.zrem(this.scopeKey(`team:${team}`), ...entries);
  }
}

/** `<term> <TIME_CEILING − at, 13 digits> <conversation id>`: a word's newest conversations sort first. */
function entryOf(term: string, at: number, conversationId: string): string {
  return `${term} ${String(TIME_CEILING - at).padStart(13, '0')} ${conversationId}`;
}

function splitEntry(member: string): [string, number, string] {
  const first = member.indexOf(' ');
  const second = member.indexOf(' ', first + 1);
  return [member.slice(0, first), Number(member.slice(first + 1, second)), member.slice(second + 1)];
}
