import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { arrivalRate, MemoryQueue, simulateDay, type SimAgent } from '../../../bench/queue-sim.ts';
import { random as mulberry32 } from '../../../src/core/random.ts';
import { MIN, NOW, ticket } from './snapshot-fixtures.ts';

const persian: SimAgent = { agentId: 'fa', languages: ['fa'], skills: [], team: 'support', capacity: 2 };

describe('MemoryQueue', () => {
  it('routes by language, respects capacity and records waits and handle times', async () => {
    const clock = new ManualClock(NOW);
    const queue = new MemoryQueue(clock);
    await queue.setPresence(persian, 'online');
    await queue.enqueue(ticket('en', { language: 'en', enqueuedAt: NOW - 5 * MIN }));
    await queue.enqueue(ticket('fa-late', { enqueuedAt: NOW - MIN }));
    await queue.enqueue(ticket('fa-early', { enqueuedAt: NOW - 2 * MIN }));
    await queue.enqueue(ticket('fa-third', { enqueuedAt: NOW }));

    expect(await queue.takeNext(persian)).toBe('fa-early');
    expect(await queue.takeNext(persian)).toBe('fa-late');
    expect(await queue.takeNext(persian)).toBeUndefined(); // capacity 2

    clock.advance(4 * MIN);
    await queue.complete('fa-early');
    const snapshot = await queue.snapshot(clock.now());
    expect(snapshot.waiting.map((t) => t.ticketId).sort()).toEqual(['en', 'fa-third']);
    expect(snapshot.agents).toMatchObject([{ agentId: 'fa', activeChats: 1, status: 'online' }]);
    expect(snapshot.recent).toEqual([
      { language: 'fa', team: 'support', waitMs: 2 * MIN, handleMs: 4 * MIN, endedAt: NOW + 4 * MIN },
    ]);
  });

  it('gives no work to an agent who is away', async () => {
    const queue = new MemoryQueue(new ManualClock(NOW));
    await queue.setPresence(persian, 'away');
    await queue.enqueue(ticket('fa'));
    expect(await queue.takeNext(persian)).toBeUndefined();
  });
});

describe('simulateDay', () => {
  it('is deterministic for a seed and records an estimate and a real wait per customer', async () => {
    const a = await simulateDay({ seed: 7, load: 0.5, agents: 10 });
    const b = await simulateDay({ seed: 7, load: 0.5, agents: 10 });
    expect(a.length).toBeGreaterThan(200);
    expect(a.map((r) => [r.ticketId, r.realWaitMs, r.estimate.kind])).toEqual(
      b.map((r) => [r.ticketId, r.realWaitMs, r.estimate.kind]),
    );
    expect(a.filter((r) => r.realWaitMs !== undefined).length).toBeGreaterThan(a.length * 0.9);
    expect(new Set(a.map((r) => r.language))).toEqual(new Set(['fa', 'ar', 'en']));
  });

  it('has a morning ramp and a lunch peak, and a uniform seeded PRNG', () => {
    expect(arrivalRate(0)).toBeLessThan(arrivalRate(2));
    expect(arrivalRate(4.75)).toBeGreaterThan(arrivalRate(2));
    expect(arrivalRate(4.75)).toBeGreaterThan(arrivalRate(11));
    const random = mulberry32(42);
    const draws = Array.from({ length: 10_000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});
