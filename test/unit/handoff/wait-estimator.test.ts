import { describe, expect, it } from 'vitest';
import { estimateWait, estimateWaits, handleTimeStats } from '../../../src/handoff/wait-estimator.ts';
import { agent, completions, MIN, NOW, snapshot, ticket } from './snapshot-fixtures.ts';

const line = (count: number) =>
  Array.from({ length: count }, (_, i) => ticket(`t${i}`, { enqueuedAt: NOW - (count - i) * MIN }));

describe('estimateWait', () => {
  it('says "a few minutes" when a free slot can take the ticket now, even without data', () => {
    const estimate = estimateWait(
      snapshot({ waiting: [ticket('me')], agents: [agent('a', { activeChats: 0 })] }),
      'me',
    );
    expect(estimate).toMatchObject({
      kind: 'few-minutes',
      position: { position: 1 },
      inputs: { expectedMs: 0 },
    });
  });

  it('is unknown without enough recent completions', () => {
    const snap = snapshot({ waiting: [ticket('me')], agents: [agent('a')], recent: completions(4, 6) });
    expect(estimateWait(snap, 'me')).toMatchObject({ kind: 'unknown', reason: 'not-enough-data' });
    expect(estimateWait(snap, 'me', { minSamples: 4 }).kind).toBe('minutes');
  });

  it('is unknown when no agent who could take the ticket is online', () => {
    const snap = snapshot({
      waiting: [ticket('me')],
      agents: [
        agent('away', { status: 'away', activeChats: 0 }),
        agent('en', { languages: ['en'], activeChats: 0 }),
      ],
      recent: completions(10, 5),
    });
    expect(estimateWait(snap, 'me')).toMatchObject({ kind: 'unknown', reason: 'no-agent-online' });
    expect(estimateWait(snap, 'nobody')).toMatchObject({ kind: 'unknown', reason: 'not-waiting' });
  });

  it('replays the line: one busy agent, three ahead, six-minute chats', () => {
    // The chat in hand ends at 3 min (half a handle time), then t0, t1, t2 take 6 min each: 21 min.
    const waiting = [...line(3), ticket('me', { enqueuedAt: NOW })];
    const estimate = estimateWait(
      snapshot({ waiting, agents: [agent('a')], recent: completions(10, 6) }),
      'me',
    );
    expect(estimate.kind).toBe('minutes');
    expect(estimate.position?.ahead).toBe(3);
    expect(estimate.inputs).toMatchObject({ chatEndsNeeded: 4, servedFirst: 3 });
    expect(estimate.inputs.expectedMs).toBeCloseTo(21 * MIN);
    expect(estimate.inputs.handleTimeMs).toBeCloseTo(6 * MIN);
    // 21 / e^0.4 to 21 × e^0.4 (n = 4, no spread in handle times), both ends rounded up.
    expect(estimate).toMatchObject({ low: 15, high: 32 });
  });

  it('gives shorter waits with more agents online', () => {
    const waiting = [...line(8), ticket('me', { enqueuedAt: NOW })];
    const recent = completions(10, 6);
    const one = estimateWait(
      snapshot({ waiting, agents: [agent('a', { capacity: 2, activeChats: 2 })], recent }),
      'me',
    );
    const three = estimateWait(
      snapshot({
        waiting,
        agents: ['a', 'b', 'c'].map((id) => agent(id, { capacity: 2, activeChats: 2 })),
        recent,
      }),
      'me',
    );
    expect(one.kind).toBe('minutes');
    expect(three.kind).toBe('minutes');
    expect(three.inputs.expectedMs ?? Infinity).toBeLessThan((one.inputs.expectedMs ?? 0) / 2);
    if (one.kind === 'minutes' && three.kind === 'minutes') expect(three.high).toBeLessThan(one.low);
  });

  it('does not count a backlog other agents cannot serve against a customer whose agent is free', () => {
    // A Persian backlog shares a bilingual agent with the English line; the English agent is free.
    const waiting = [...line(10), ticket('me', { language: 'en', enqueuedAt: NOW })];
    const snap = snapshot({
      waiting,
      agents: [
        agent('bilingual', { languages: ['fa', 'en'] }),
        agent('english', { languages: ['en'], activeChats: 0 }),
      ],
      recent: completions(10, 6),
    });
    const estimate = estimateWait(snap, 'me');
    expect(estimate.position?.position).toBe(11);
    expect(estimate).toMatchObject({ kind: 'few-minutes', inputs: { servedFirstByEligible: 0 } });
  });

  it('says "a few minutes" when the expected wait is under a minute', () => {
    const snap = snapshot({
      waiting: [ticket('me')],
      agents: [agent('a', { capacity: 3, activeChats: 3 })],
      recent: completions(10, 2),
    });
    // Three chats in hand end at 1/6, 1/2 and 5/6 of two minutes: the first at 20 s.
    const estimate = estimateWait(snap, 'me');
    expect(estimate.kind).toBe('few-minutes');
    expect(estimate.inputs.expectedMs).toBeCloseTo(20_000);
  });

  it("uses the team's other languages when the ticket's language has too few completions", () => {
    const snap = snapshot({
      waiting: [ticket('me', { language: 'ar' })],
      agents: [agent('a', { languages: ['ar'] })],
    });
    const withFa = { ...snap, recent: completions(10, 6) };
    expect(estimateWait(withFa, 'me')).toMatchObject({
      kind: 'minutes',
      inputs: { sampleScope: 'team', samples: 10 },
    });
    expect(estimateWait(withFa, 'me', { fallbackToTeam: false })).toMatchObject({
      reason: 'not-enough-data',
    });
  });
});

describe('estimateWaits', () => {
  it('gives every waiting ticket the same estimate as estimating it alone', () => {
    const waiting = [
      ...line(6),
      ticket('en', { language: 'en' }),
      ticket('billing', { skills: ['billing'], priority: 1 }),
    ];
    const snap = snapshot({
      waiting,
      agents: [
        agent('a', { capacity: 2, activeChats: 2 }),
        agent('b', { languages: ['fa', 'en'], skills: ['billing'] }),
        agent('c', { languages: ['en'], activeChats: 0 }),
      ],
      recent: [...completions(10, 6), ...completions(10, 4, { language: 'en' })],
    });
    const all = estimateWaits(snap);
    expect([...all.keys()]).toEqual(waiting.map((t) => t.ticketId));
    for (const t of waiting) expect(all.get(t.ticketId)).toEqual(estimateWait(snap, t.ticketId));
    expect(all.get('en')?.kind).toBe('few-minutes');
    // Angry, a minute ago: ahead of t4 and t5, who came a minute or less before it (asking for a person gives
    // a 1-minute head start against anger's 2), behind the four who came earlier (the default bound).
    expect(all.get('billing')?.position?.position).toBe(5);
  });
});

describe('handleTimeStats', () => {
  it('weighs recent completions more (exponential decay)', () => {
    const old = completions(10, 20).map((c) => ({ ...c, endedAt: NOW - 3 * 60 * MIN }));
    const stats = handleTimeStats([...completions(10, 4), ...old], 'support', 'fa', NOW);
    expect(stats?.meanMs).toBeGreaterThan(4 * MIN);
    expect(stats?.meanMs).toBeLessThan(5 * MIN);
    expect(stats?.samples).toBe(20);
  });

  it('ignores completions older than maxAgeMs and other teams', () => {
    const old = completions(10, 20).map((c) => ({ ...c, endedAt: NOW - 9 * 60 * MIN }));
    const sales = completions(10, 20, { team: 'sales' });
    expect(handleTimeStats([...completions(5, 4), ...old, ...sales], 'support', 'fa', NOW)?.meanMs).toBe(
      4 * MIN,
    );
    expect(handleTimeStats(old, 'support', 'fa', NOW)).toBeUndefined();
  });
});
