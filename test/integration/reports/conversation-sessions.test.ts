/**
 * Where one conversation ends and the next begins (docs/reports.md: a message after at least
 * REPORT_IDLE_HOURS without one begins a new one; a conversation ends when that long has passed): the same
 * instant on both sides, whether the customer's message or the sweep comes first. Found by the simulated
 * week (a customer back exactly 24 h later was counted in the old conversation by the message, while a
 * sweep at that instant would have ended it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationSessions } from '../../../src/reports/conversation-sessions.ts';
import { ReportKeys } from '../../../src/reports/report-keys.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';

const IDLE = 24 * 3_600_000;
const T = Date.UTC(2026, 10, 19, 8);

describe('conversation sessions at the idle window', () => {
  let redis: ReturnType<typeof connectRedis>;
  let sessions: ConversationSessions;
  const prefix = randomPrefix();

  beforeEach(() => {
    redis = connectRedis();
    sessions = new ConversationSessions(redis, new ReportKeys(prefix), IDLE);
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  const touch = (at: number) =>
    sessions.touch({
      conversationId: 'c1',
      at,
      channel: 'web',
      language: 'fa',
      question: 'answered',
      escalated: false,
      angry: false,
    });

  it('a message one millisecond inside the window continues the conversation', async () => {
    expect((await touch(T)).started).toBe(true);
    const again = await touch(T + IDLE - 1);
    expect(again).toEqual({ started: false });
    expect(await sessions.sweep(T + 2 * IDLE - 2)).toEqual([]);
  });

  it('a message exactly one window later begins a new conversation and ends the last one', async () => {
    await touch(T);
    const again = await touch(T + IDLE);
    expect(again.started).toBe(true);
    expect(again.ended).toMatchObject({
      type: 'conversation-ended',
      at: T + IDLE,
      startedAt: T,
      outcome: 'bot-resolved',
    });
  });

  it('the sweep ends a conversation at that same instant', async () => {
    await touch(T);
    expect(await sessions.sweep(T + IDLE - 1)).toEqual([]);
    const [ended] = await sessions.sweep(T + IDLE);
    expect(ended).toMatchObject({ type: 'conversation-ended', at: T + IDLE, startedAt: T });
    expect((await touch(T + IDLE)).started).toBe(true);
  });
});
