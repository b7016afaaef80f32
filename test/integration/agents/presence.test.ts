import { agentKeys } from '../../../src/agents/agent-keys.ts';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { RedisPresence, type AgentUnavailable } from '../../../src/agents/presence.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';

describe('agent presence on real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let clock: ManualClock;
  let presence: RedisPresence;
  let events: AgentUnavailable[];

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    clock = new ManualClock(1_000_000);
    presence = new RedisPresence({ redis, prefix, clock, heartbeatTtlMs: 45_000 });
    events = [];
    presence.on({ unavailable: (event) => void events.push(event) });
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('is offline until the console beats, then online', async () => {
    expect(await presence.get('sara')).toEqual({
      agentId: 'sara',
      status: 'offline',
      activeChats: 0,
      since: 0,
    });
    expect(await presence.heartbeat('sara')).toEqual({
      agentId: 'sara',
      status: 'online',
      activeChats: 0,
      since: 1_000_000,
    });
    clock.advance(15_000);
    expect((await presence.heartbeat('sara')).since).toBe(1_000_000);
  });

  it('goes offline by itself when the heartbeat stops, and sweep reports it once', async () => {
    await presence.heartbeat('sara');
    await presence.heartbeat('omid');
    await redis.sadd(agentKeys(prefix).chats('sara'), 'conv-1');
    await redis.sadd(agentKeys(prefix).chats('sara'), 'conv-2');
    clock.advance(30_000);
    await presence.heartbeat('omid');
    expect(await presence.sweep()).toEqual([]);

    clock.advance(15_001); // sara's last beat is now 45.001 s old; omid's 15.001 s
    expect((await presence.get('sara')).status).toBe('offline'); // reads right even before the sweep
    const swept = await presence.sweep();
    expect(swept).toEqual([
      { agentId: 'sara', status: 'offline', reason: 'expired', chats: ['conv-1', 'conv-2'], at: clock.now() },
    ]);
    expect(events).toEqual(swept);
    expect(await presence.sweep()).toEqual([]);
    expect((await presence.list()).map((p) => [p.agentId, p.status, p.activeChats])).toEqual([
      ['omid', 'online', 0],
      ['sara', 'offline', 2],
    ]);

    // The console comes back: online again.
    expect((await presence.heartbeat('sara')).status).toBe('online');
  });

  it('sweeps with an explicit time, and two sweepers report each agent once', async () => {
    await presence.heartbeat('sara');
    const other = new RedisPresence({ redis, prefix, clock, heartbeatTtlMs: 45_000 });
    const later = clock.now() + 60_000;
    const [a, b] = await Promise.all([presence.sweep(later), other.sweep(later)]);
    expect([...a, ...b].map((e) => e.agentId)).toEqual(['sara']);
  });

  it('emits when an agent goes away or offline, not when they come back', async () => {
    await presence.setStatus('sara', 'online');
    await redis.sadd(agentKeys(prefix).chats('sara'), 'conv-1');
    await presence.setStatus('sara', 'away');
    await presence.setStatus('sara', 'away');
    await presence.setStatus('sara', 'online');
    await presence.setStatus('sara', 'offline');
    await presence.setStatus('sara', 'offline');
    expect(events.map((e) => [e.reason, e.chats])).toEqual([
      ['away', ['conv-1']],
      ['offline', ['conv-1']],
    ]);
    // An agent who chose "away" stays away while the console beats.
    await presence.setStatus('sara', 'away');
    expect((await presence.heartbeat('sara')).status).toBe('away');
    // Offline by choice is not swept again.
    await presence.setStatus('omid', 'online');
    await presence.setStatus('omid', 'offline');
    events.length = 0;
    expect(await presence.sweep(clock.now() + 100_000)).toHaveLength(1); // sara (away) expires
    expect(events.map((e) => e.agentId)).toEqual(['sara']);
  });

  it('counts the chats the handoff queue records for the agent', async () => {
    await redis.sadd(agentKeys(prefix).chats('sara'), 'c2', 'c1');
    expect((await presence.get('sara')).activeChats).toBe(2);
    expect(await presence.chats('sara')).toEqual(['c1', 'c2']);
  });

  it('keeps sweeping when a listener fails, then reports the failure', async () => {
    presence.on({
      unavailable: (event) => {
        if (event.agentId === 'a1') throw new Error('queue down');
      },
    });
    await presence.heartbeat('a1');
    await presence.heartbeat('a2');
    await expect(presence.sweep(clock.now() + 50_000)).rejects.toThrow(AggregateError);
    expect(events.map((e) => e.agentId)).toEqual(['a1', 'a2']);
  });

  it('expires for real with a short TTL and the system clock', async () => {
    const real = new RedisPresence({ redis, prefix, clock: { now: () => Date.now() }, heartbeatTtlMs: 100 });
    await real.heartbeat('sara');
    expect((await real.get('sara')).status).toBe('online');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await real.sweep()).map((e) => e.agentId)).toEqual(['sara']);
  });
});
