/**
 * The simulated week's own arithmetic (bench/week/expected-figures.ts), on a log small enough to count by
 * hand: conversations split by the idle window (a message exactly one window later begins a new one),
 * outcomes, a ticket taken, answered, passed on, given back, taken again, resolved and rated, and the
 * documented bucket rule of medians and p90.
 */
import { describe, expect, it } from 'vitest';
import { ExpectedFigures } from '../../../bench/week/expected-figures.ts';
import { bucketFor, shownValue, summarize } from '../../../bench/week/duration-summary.ts';
import { SimLog, type MessageEntry } from '../../../bench/week/sim-log.ts';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 19, 8); // 12:00 in Dubai
const rules = { idleMs: 24 * HOUR, slaMs: 300_000, slaByTeam: { billing: 120_000 } };

function message(at: number, conversation: string, extra: Partial<MessageEntry> = {}): MessageEntry {
  return {
    kind: 'message',
    at,
    conversation,
    channel: 'web',
    language: 'fa',
    withBot: true,
    input: 'text',
    text: 'q',
    moodRead: true,
    angry: false,
    answered: 0,
    clarified: 0,
    unanswered: 0,
    rejected: false,
    personRequested: false,
    ...extra,
  };
}

describe('the simulation computes figures from its own log', () => {
  it('splits conversations at the idle window, inclusive, and decides their outcomes', () => {
    const log = new SimLog();
    log.add(message(T, 'a', { answered: 1 }));
    log.add(message(T + HOUR, 'b', { moodRead: true, angry: true, answered: 1 }));
    log.add(message(T + 23 * HOUR, 'a', { unanswered: 1, text: ' no idea? ' })); // same conversation
    log.add(message(T + 47 * HOUR, 'a', { answered: 1 })); // exactly 24 h later: a new one
    const week = { from: T - 8 * HOUR, to: T + 6 * 24 * HOUR, tz: 'Asia/Dubai', weekStart: 6 };
    const expected = new ExpectedFigures(log, rules, T + 100 * HOUR);
    const { total, groups } = expected.figures({ ...week, groupBy: 'day' });
    expect(total.volume.conversations).toBe(3);
    expect(total.deflection).toEqual({
      ended: 3,
      botResolved: 2,
      escalated: 0,
      unanswered: 1,
      noQuestion: 0,
      rate: 2 / 3,
    });
    expect(total.anger).toEqual({
      angryConversations: 1,
      rate: 1 / 3,
      angryMessages: 1,
      angryEscalations: 0,
    });
    // An end counts on the day its conversation began.
    expect([...groups.keys()]).toEqual(['2026-11-19', '2026-11-20', '2026-11-21']);
    expect(groups.get('2026-11-19')?.deflection.ended).toBe(2);
    expect(groups.get('2026-11-20')?.deflection.ended).toBe(0);
    expect(groups.get('2026-11-20')?.volume).toMatchObject({ messages: 1, unanswered: 1, conversations: 0 });
    expect([...expected.unanswered('2026-11-19', '2026-11-25', 'Asia/Dubai')]).toEqual([['fa|no idea?', 1]]);
    // Before the first conversation's window has passed, it has not ended.
    const sofar = new SimLog();
    for (const entry of log.entries) if (entry.at <= T + 24 * HOUR) sofar.add(entry);
    const early = new ExpectedFigures(sofar, rules, T + 24 * HOUR);
    expect(early.figures({ ...week, groupBy: 'none' }).total.deflection.ended).toBe(0);
  });

  it('follows a ticket through take, first reply, transfer, release, a second take, resolve and rating', () => {
    const log = new SimLog();
    const subject = { channel: 'telegram', language: 'ar' as const, team: 'billing' };
    log.add(
      message(T, 't', {
        personRequested: true,
        escalation: { ...subject, reasons: ['customer-asked'], angry: false },
      }),
    );
    log.add({ kind: 'taken', at: T + 10_000, conversation: 't', agentId: 'a' });
    log.add({ kind: 'reply', at: T + 70_000, conversation: 't', agentId: 'a' });
    log.add({ kind: 'transferred', at: T + 100_000, conversation: 't', agentId: 'a', toAgentId: 'b' });
    log.add({ kind: 'reply', at: T + 150_000, conversation: 't', agentId: 'b' }); // not the first reply
    log.add({ kind: 'released', at: T + 200_000, conversation: 't', agentId: 'b' });
    log.add({ kind: 'taken', at: T + 400_000, conversation: 't', agentId: 'c' }); // 400 s: over billing's 120 s
    log.add({ kind: 'resolved', at: T + 1_000_000, conversation: 't', agentId: 'c' });
    log.add(
      message(T + 1_100_000, 't', { rating: { ...subject, rating: 4, comment: 'quick', agentId: 'c' } }),
    );
    const expected = new ExpectedFigures(log, rules, T + 100 * HOUR);
    const query = { from: T - HOUR, to: T + 2 * HOUR, tz: 'UTC', weekStart: 1 };
    const { total } = expected.figures({ ...query, groupBy: 'none' });
    expect(total.volume).toMatchObject({ escalations: 1, taken: 2, transfers: 1, releases: 1, resolved: 1 });
    expect(total.wait).toEqual({
      count: 2,
      medianMs: shownValue(bucketFor(10_000)),
      p90Ms: shownValue(bucketFor(400_000)),
      meanMs: 205_000,
    });
    expect(total.firstResponse.count).toBe(1);
    expect(total.handle.meanMs).toBe(600_000); // from the second take
    expect(total.resolution.meanMs).toBe(1_000_000);
    expect(total.csat).toEqual({ ratings: 1, average: 4, satisfiedShare: 1, comments: 1 });
    expect(total.sla).toEqual({ breaches: 1, targetMs: 300_000 });
    const byAgent = expected.figures({ ...query, groupBy: 'agent' }).groups;
    expect(byAgent.get('a')?.volume).toMatchObject({ taken: 1, transfers: 1 });
    expect(byAgent.get('a')?.firstResponse.meanMs).toBe(70_000);
    expect(byAgent.get('b')?.volume.releases).toBe(1);
    expect(byAgent.get('c')?.csat.ratings).toBe(1);
    const byTeam = expected.figures({ ...query, groupBy: 'team' }).groups;
    expect(byTeam.get('billing')?.sla).toEqual({ breaches: 1, targetMs: 120_000 });
    expect(expected.comments).toHaveLength(1);
  });

  it('reads medians and p90 from 1.25× buckets, nearest rank', () => {
    expect([1000, 1001, 1250, 1251].map(bucketFor)).toEqual([0, 1, 1, 2]);
    expect(shownValue(0)).toBe(500);
    expect(shownValue(1)).toBe(Math.round(1000 * Math.sqrt(1.25)));
    // Ten durations: the median is the 5th, p90 the 9th.
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => s * 60_000);
    const summary = summarize(ten);
    expect(summary.medianMs).toBe(shownValue(bucketFor(300_000)));
    expect(summary.p90Ms).toBe(shownValue(bucketFor(540_000)));
    expect(summary.meanMs).toBe(330_000);
    expect(summarize([])).toEqual({ count: 0, medianMs: null, p90Ms: null, meanMs: null });
  });
});
