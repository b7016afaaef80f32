import type { Clock } from '../core/clock.ts';
import { RedisScript, type RedisConnection } from '../core/redis-script.ts';
import { SeenOnce } from '../core/seen-once.ts';
import type { CommittedTurn, TurnObserver } from '../dialogs/dialog-observer.ts';
import type { HelpfulRates } from './helpful-rates.ts';
import { InboxKeys } from './inbox-keys.ts';
import { unansweredOf, voteOf, type HelpfulVote, type Unanswered } from './turn-facts.ts';

const DAY_MS = 86_400_000;

/**
 * Adds a failed question to its language's stream (KEYS[1]) with an id from the question's time (never
 * below the stream's last id), trimming what passed the retention (ARGV[2], ms); and counts a vote
 * (KEYS[2], field ARGV[3], kept ARGV[4] seconds). ARGV[1] empty: no question; ARGV[3] empty: no vote.
 */
const RECORD = new RedisScript(`
if ARGV[1] ~= '' then
  local ms = tonumber(ARGV[1])
  local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
  if top then
    local last = tonumber(string.match(top[1], '^(%d+)'))
    if last > ms then ms = last end
  end
  redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[2], ms .. '-*', unpack(ARGV, 5))
end
if ARGV[3] ~= '' then
  redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
return 1`);

export interface InboxRecorderOptions {
  readonly redis: RedisConnection;
  readonly prefix: string;
  readonly clock: Clock;
  readonly rates: HelpfulRates;
  /** How long failed questions are kept (REPORT_EVENTS_RETENTION_DAYS). */
  readonly retentionDays: number;
  /** How long per-day helpful counts are kept (REPORT_AGGREGATE_RETENTION_DAYS). */
  readonly ratesRetentionDays: number;
  /** A write that failed (the inbox misses it; the conversation does not). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Records, from every stored turn (the turn runner's observer), the questions that failed and the answers
 * to "did this help?", in the background (a turn never waits for it). A turn is recorded once even when it
 * is run again (its id, src/core/seen-once.ts). `flush` waits for the writes under way.
 */
export class InboxRecorder implements TurnObserver {
  private readonly pending = new Set<Promise<void>>();
  private readonly keys: InboxKeys;
  private readonly seen: SeenOnce;

  constructor(private readonly o: InboxRecorderOptions) {
    this.keys = new InboxKeys(o.prefix);
    this.seen = new SeenOnce({
      redis: o.redis,
      key: (turnId) => this.keys.turn(turnId),
      ttlSeconds: 2 * 86_400,
    });
  }

  turnCommitted(turn: CommittedTurn): void {
    const unanswered = unansweredOf(turn);
    const vote = voteOf(turn);
    if (!unanswered && !vote) return;
    const done: Promise<void> = this.record(turn.turnId, unanswered, vote)
      .catch((error: unknown) => this.o.onError?.(error))
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** Writes one turn's failed question and vote, unless this turn was recorded already. */
  async record(turnId: string, unanswered?: Unanswered, vote?: HelpfulVote): Promise<void> {
    if (!(await this.seen.claim(turnId))) return;
    try {
      const counter = vote ? this.o.rates.counterOf(vote) : undefined;
      const language = unanswered?.language ?? vote?.language ?? 'en';
      const fields = unanswered
        ? [
            ...['at', String(unanswered.at), 'kind', unanswered.kind, 'q', unanswered.question],
            ...['art', unanswered.articleId ?? '', 'conv', unanswered.conversationId],
            ...['who', unanswered.customer],
          ]
        : [];
      await RECORD.run(
        this.o.redis,
        [this.keys.occurrences(language), counter?.key ?? this.keys.helpful('none')],
        [
          unanswered ? unanswered.at : '',
          Math.max(0, this.o.clock.now() - this.o.retentionDays * DAY_MS),
          counter?.field ?? '',
          this.o.ratesRetentionDays * 86_400 + 2 * 86_400,
          ...fields,
        ],
      );
      await this.seen.confirm(turnId);
    } catch (error) {
      await this.seen.forget(turnId).catch(() => undefined);
      throw error;
    }
  }

  /** Waits for every write under way. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
