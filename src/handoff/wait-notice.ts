import type { Clock } from '../core/clock.ts';
import type { Agent } from '../agents/agent.ts';
import type { AgentPresence } from '../agents/agent.ts';
import type { Conversation } from '../conversations/conversation.ts';
import type { MessageCatalog } from '../dialogs/message-catalog.ts';
import { isOpen, nextOpening, type BusinessHours } from './business-hours.ts';
import { DEFAULT_DIGIT_POLICY, type DigitPolicy } from '../language/digits.ts';
import { formatReturnTime, formatWait } from './customer-time.ts';
import type { HandoffQueue } from './handoff-queue.ts';
import type { WaitNotice } from './handoff-service.ts';
import type { AgentLoad, QueueSnapshot } from './queue-snapshot.ts';
import {
  estimateWait,
  estimateWaits,
  type WaitEstimate,
  type WaitEstimatorOptions,
} from './wait-estimator.ts';

export interface WaitNoticeOptions {
  readonly queue: HandoffQueue;
  readonly agents: () => Promise<readonly Agent[]>;
  readonly presence: (agentId: string) => Promise<AgentPresence>;
  readonly catalog: () => MessageCatalog;
  readonly clock: Clock;
  /** Business hours by team; a team without an entry is always open. */
  readonly hours: (team: string) => BusinessHours | undefined;
  readonly estimator?: WaitEstimatorOptions;
  /** The digits each language's readers get (DIGITS_FA, DIGITS_AR; default DEFAULT_DIGIT_POLICY). */
  readonly digits?: DigitPolicy;
}

/**
 * What a waiting customer reads about their wait, from the live queue: outside the team's hours, when
 * the agents are back; otherwise their place among the tickets the same agents could take and the
 * estimate (a range of whole minutes, "a few minutes", or honestly "we cannot estimate yet").
 */
export function createWaitNotice(o: WaitNoticeOptions): (conversation: Conversation) => Promise<WaitNotice> {
  const lines = new LineEstimates(o);
  const digits = o.digits ?? DEFAULT_DIGIT_POLICY;
  return async (conversation) => {
    const language = conversation.language ?? 'en';
    const catalog = o.catalog();
    const now = o.clock.now();
    const ticket = await o.queue.ticket(conversation.id);
    const team = ticket?.pool.team ?? 'default';
    const hours = o.hours(team);
    const { snapshot, estimates } = await lines.of(team);
    const estimate = estimates.get(conversation.id) ?? estimateWait(snapshot, conversation.id, o.estimator);
    const counted = estimate.position?.position;
    const reallyAhead = estimate.kind === 'unknown' ? undefined : estimate.inputs.servedFirstByEligible + 1;
    const position = Math.max(
      1,
      Math.min(counted ?? Infinity, reallyAhead ?? Infinity, snapshot.waiting.length),
    );

    if (hours && !isOpen(hours, now)) {
      const when = formatReturnTime(nextOpening(hours, now), language, hours.timezone, now, digits);
      return { position, text: catalog.text(language, 'outside_hours', { when }) };
    }
    const phrase = formatWait(estimate, language, digits);
    const wait =
      estimate.kind === 'minutes' && phrase
        ? catalog.text(language, 'wait_minutes', { wait: phrase })
        : estimate.kind === 'few-minutes'
          ? catalog.text(language, 'wait_few')
          : catalog.text(language, 'wait_unknown');
    const expectedMs = estimate.kind === 'minutes' ? estimate.high * 60_000 : undefined;
    return {
      position,
      text: catalog.text(language, 'queue_status', { position: String(position), wait }),
      ...(expectedMs !== undefined ? { expectedMs } : {}),
    };
  };
}

/** Longest a read of the line serves other notices while the line itself has not changed (presence may). */
const FRESH_MS = 1_000;

/**
 * The line of a team and every waiting ticket's estimate, from one snapshot and one replay, shared by the
 * notices computed while the queue's version is unchanged and within FRESH_MS (a supervisor round
 * refreshing many customers reads the line once).
 */
class LineEstimates {
  private readonly cache = new Map<
    string,
    {
      at: number;
      version: string;
      value: Promise<{ snapshot: QueueSnapshot; estimates: ReadonlyMap<string, WaitEstimate> }>;
    }
  >();

  constructor(private readonly o: WaitNoticeOptions) {}

  async of(team: string) {
    const now = Date.now();
    const version = await this.o.queue.version();
    const cached = this.cache.get(team);
    if (cached && cached.version === version && now - cached.at < FRESH_MS) return cached.value;
    const value = (async () => {
      const snapshot = await this.o.queue.snapshot(await loads(this.o, team));
      return { snapshot, estimates: estimateWaits(snapshot, this.o.estimator) };
    })();
    this.cache.set(team, { at: now, version, value });
    value.catch(() => this.cache.delete(team));
    return value;
  }
}

async function loads(o: WaitNoticeOptions, team: string): Promise<AgentLoad[]> {
  const agents = (await o.agents()).filter((agent) => agent.team === team);
  return Promise.all(
    agents.map(async (agent) => ({
      agentId: agent.id,
      languages: agent.languages,
      skills: agent.skills,
      team: agent.team,
      status: (await o.presence(agent.id)).status,
      capacity: agent.capacity,
      activeChats: (await o.queue.chatsOf(agent.id)).length,
    })),
  );
}
