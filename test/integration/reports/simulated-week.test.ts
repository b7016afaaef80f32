/**
 * Reports measured against a simulated week driven through the real service (bench/week/run-week.ts): a
 * few hundred seeded customers on the widget, the HTTP channel and Telegram, in Persian, Arabic and
 * English, and nine agents of three teams on the agent console, over seven days of a clock the simulation
 * moves. Every figure of every report asked (each grouping, filters, another time zone, part of the week,
 * read again from rollups; unanswered questions, comments; the live view twice a day) must equal the one
 * the simulation computes from its own log. reports-cross-check.test.ts checks the recorder and reader
 * alone (rollups, late writes); `npm run bench:week` runs a fuller week and prints the table.
 */
import { describe, expect, it } from 'vitest';
import { runWeek } from '../../../bench/week/run-week.ts';

describe('reports against a simulated week through the real service', () => {
  it('agree with the simulation on every figure', async () => {
    const result = await runWeek({ seed: 20261119, customers: 400 });
    const wrong = result.rows.disagreements;
    expect(wrong, `\n${result.rows.table(wrong)}`).toEqual([]);
    expect(result.log.surprises).toEqual([]);

    // The week went through every path the figures count, so that agreeing says something.
    const { total, byTeam } = result.week;
    expect(total.volume.conversations).toBeGreaterThan(350);
    expect(result.rows.rows.length).toBeGreaterThan(3000);
    expect([...byTeam.keys()]).toEqual(['billing', 'default', 'messaging']);
    expect(Object.keys(total.escalationsByReason).sort()).toEqual([
      'anger',
      'customer-asked',
      'needs-person',
    ]);
    for (const n of [
      total.volume.answered,
      total.volume.unanswered,
      total.volume.transfers,
      total.volume.releases,
      total.volume.leftLine,
      total.deflection.botResolved,
      total.deflection.noQuestion,
      total.csat.comments,
      total.anger.angryConversations,
      total.sla.breaches,
      byTeam.get('billing')?.sla.breaches ?? 0,
    ]) {
      expect(n).toBeGreaterThan(0);
    }
    expect(total.csat.ratings).toBeGreaterThan(total.csat.comments);
  }, 180_000);
});
