import { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import type { Agent, AgentPresence } from '../../../src/agents/agent.ts';
import type { Conversation } from '../../../src/conversations/conversation.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { businessHours } from '../../../src/handoff/business-hours.ts';
import { HandoffQueue } from '../../../src/handoff/handoff-queue.ts';
import { createWaitNotice } from '../../../src/handoff/wait-notice.ts';
import { sampleContent } from '../../helpers/content.ts';
import { packet } from '../../helpers/handoff.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';

let catalog: MessageCatalog;
beforeAll(async () => {
  ({ catalog } = await sampleContent());
});

const hours = businessHours({
  timezone: 'Asia/Dubai',
  weekly: {
    sat: [['09:00', '21:00']],
    sun: [['09:00', '21:00']],
    mon: [['09:00', '21:00']],
    tue: [['09:00', '21:00']],
    wed: [['09:00', '21:00']],
    thu: [['09:00', '21:00']],
    fri: [['14:00', '21:00']],
  },
});

function conversation(id: string, language: 'fa' | 'ar' | 'en'): Conversation {
  return {
    id,
    channel: 'web',
    customerId: id,
    state: 'waiting',
    language,
    createdAt: 0,
    updatedAt: 0,
    greeted: true,
    failedAnswers: 0,
  };
}

describe('what a waiting customer is told', () => {
  let redis: Redis;
  let bull: Redis;
  let prefix: string;
  let queue: HandoffQueue;
  let clock: ManualClock;
  const agents: Agent[] = [
    {
      id: 'sara',
      name: 'Sara',
      role: 'agent',
      languages: ['fa', 'en'],
      skills: [],
      capacity: 1,
      team: 'default',
    },
  ];
  let status: AgentPresence['status'] = 'online';

  beforeEach(() => {
    redis = connectRedis();
    bull = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    prefix = randomPrefix();
    clock = new ManualClock(Date.UTC(2026, 10, 23, 8, 0)); // Monday 12:00 in Dubai
    queue = new HandoffQueue({ redis, bullConnection: bull, prefix, clock });
  });
  afterEach(async () => {
    await queue.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    bull.disconnect();
  });

  const notice = () =>
    createWaitNotice({
      queue,
      agents: async () => agents,
      presence: async (agentId) => ({ agentId, status, activeChats: 0, since: 0 }),
      catalog: () => catalog,
      clock,
      hours: () => hours,
    });

  it('says honestly that the wait cannot be estimated without data, with the place in line', async () => {
    await queue.enqueue(packet('a', 'en'));
    clock.advance(1000);
    await queue.enqueue(packet('b', 'en'));
    const told = await notice()(conversation('b', 'en'));
    expect(told.position).toBe(2);
    expect(told.text).toBe(
      catalog.text('en', 'queue_status', { position: '2', wait: catalog.text('en', 'wait_unknown') }),
    );
  });

  it('gives a range of minutes once agents have handled chats', async () => {
    for (let i = 0; i < 6; i += 1) {
      await queue.enqueue(packet(`done${i}`, 'fa'));
      await queue.take(agents[0] as Agent);
      clock.advance(6 * 60_000);
      await queue.resolve(`done${i}`);
    }
    await queue.enqueue(packet('busy', 'fa'));
    await queue.take(agents[0] as Agent); // Sara is busy with one chat at capacity 1
    await queue.enqueue(packet('me', 'fa'));
    const told = await notice()(conversation('me', 'fa'));
    expect(told.position).toBe(1);
    expect(told.text).toContain('دقیقه');
    expect(told.expectedMs).toBeGreaterThan(0);
  });

  it('outside business hours says when the agents are back, in the Persian calendar and digits', async () => {
    clock.set(Date.UTC(2026, 10, 23, 19, 0)); // Monday 23:00 in Dubai: closed until Tuesday 09:00
    status = 'offline';
    await queue.enqueue(packet('late', 'fa'));
    const told = await notice()(conversation('late', 'fa'));
    expect(told.text).toContain('فردا');
    expect(told.text).toMatch(/[۰-۹]/);
    expect(told.text).not.toMatch(/[0-9]/);
    const arabic = await notice()(conversation('late', 'ar'));
    expect(arabic.text).toContain(catalog.text('ar', 'outside_hours', { when: '' }).slice(0, 12));
    status = 'online';
  });
});
