import { RedisScript, type RedisConnection } from '../core/redis-script.ts';
import type { Language } from '../core/language.ts';
import type { ConversationOutcome, ReportEvent } from './report-event.ts';
import type { ReportKeys } from './report-keys.ts';
import { APPLY_LUA, type ReportWrites } from './report-writes.ts';

/** What a turn tells the conversation's running tally. */
export interface SessionTouch {
  readonly conversationId: string;
  readonly at: number;
  readonly channel: string;
  readonly language: Language;
  /** The question of this turn was answered, offered choices for, or not answered ('' when none). */
  readonly question: 'answered' | 'clarified' | 'unanswered' | '';
  /** The customer asked for or was handed to a person. */
  readonly escalated: boolean;
  readonly angry: boolean;
}

/**
 * KEYS: live hash, live index, then the keys of a ReportWrites batch. ARGV: id, now, idle ms, channel,
 * language, question, escalated, angry, ttl ms, then the batch (carried out with this touch).
 * Returns {1 when a new conversation (a first message, or one after the idle window) began, the stale
 * tally (flat field list) of the one that ended unseen, or false}.
 */
const TOUCH = new RedisScript(`${APPLY_LUA}
local now = tonumber(ARGV[2])
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
local started = 0
local stale = false
if last == 0 then
  started = 1
elseif now - last >= tonumber(ARGV[3]) then
  stale = redis.call('HGETALL', KEYS[1])
  redis.call('DEL', KEYS[1])
  started = 1
end
if started == 1 then
  redis.call('HSET', KEYS[1], 'start', ARGV[2], 'channel', ARGV[4], 'questions', '0')
end
redis.call('HSET', KEYS[1], 'last', ARGV[2], 'language', ARGV[5])
if ARGV[6] ~= '' then
  redis.call('HINCRBY', KEYS[1], 'questions', 1)
  redis.call('HSET', KEYS[1], 'outcome', ARGV[6])
end
if ARGV[7] == '1' then redis.call('HSET', KEYS[1], 'escalated', '1') end
if ARGV[8] == '1' then redis.call('HSET', KEYS[1], 'angry', '1') end
redis.call('PEXPIRE', KEYS[1], ARGV[9])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
apply(10, 3, started)
return {started, stale}
`);

/** KEYS: live hash, live index. ARGV: id, cutoff. Takes the tally of a conversation idle since before the cutoff. */
const END = new RedisScript(`
local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[2]) then return false end
redis.call('ZREM', KEYS[2], ARGV[1])
local tally = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return tally
`);

/**
 * Conversations as reports see them: one begins with a customer message after none for the idle window
 * (REPORT_IDLE_HOURS) and ends when the window passes without one. Its outcome (docs/reports.md) is decided
 * at the end from a small running tally kept per conversation.
 */
export class ConversationSessions {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: ReportKeys,
    private readonly idleMs: number,
  ) {}

  /**
   * Notes a turn; says whether it began a conversation, and gives the end of one that ended unseen. The
   * `writes` are carried out in the same call (those after `onlyIfStarted` only if a conversation began).
   */
  async touch(turn: SessionTouch, writes?: ReportWrites): Promise<{ started: boolean; ended?: ReportEvent }> {
    const [started, stale] = (await TOUCH.run(
      this.redis,
      [this.keys.live(turn.conversationId), this.keys.liveIndex, ...(writes?.keys ?? [])],
      [
        turn.conversationId,
        turn.at,
        this.idleMs,
        turn.channel,
        turn.language,
        turn.question,
        turn.escalated ? '1' : '',
        turn.angry ? '1' : '',
        this.idleMs + 86_400_000,
        ...(writes?.args ?? []),
      ],
    )) as [number, string[] | null];
    const ended = stale ? endedEvent(turn.conversationId, stale, this.idleMs) : undefined;
    return { started: started === 1, ...(ended ? { ended } : {}) };
  }

  /** Ends conversations idle for the window before `now` (at most `limit`); each is ended by one caller only. */
  async sweep(now: number, limit = 500): Promise<ReportEvent[]> {
    const cutoff = now - this.idleMs;
    const ids = await this.redis.zrangebyscore(this.keys.liveIndex, '-inf', cutoff, 'LIMIT', 0, limit);
    const ended: ReportEvent[] = [];
    for (const id of ids) {
      const tally = (await END.run(this.redis, [this.keys.live(id), this.keys.liveIndex], [id, cutoff])) as
        string[] | null;
      const event = tally ? endedEvent(id, tally, this.idleMs) : undefined;
      if (event) ended.push(event);
    }
    return ended;
  }
}

/** The outcome of a conversation from its tally (docs/reports.md). */
export function outcomeOf(tally: Readonly<Record<string, string>>): ConversationOutcome {
  if (tally.escalated === '1') return 'escalated';
  if (Number(tally.questions ?? 0) === 0) return 'no-question';
  return tally.outcome === 'answered' ? 'bot-resolved' : 'unanswered';
}

function endedEvent(
  conversationId: string,
  flat: readonly string[],
  idleMs: number,
): ReportEvent | undefined {
  const tally: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) tally[flat[i] as string] = flat[i + 1] as string;
  if (!tally.start) return undefined;
  const last = Number(tally.last ?? tally.start);
  return {
    type: 'conversation-ended',
    at: last + idleMs,
    conversationId,
    channel: tally.channel ?? 'unknown',
    ...(tally.language ? { language: tally.language as Language } : {}),
    outcome: outcomeOf(tally),
    startedAt: Number(tally.start),
    angry: tally.angry === '1',
  };
}
