/**
 * Faults as tests: two real hamdel processes (child processes) on a Redis of the test's own with AOF, a few
 * dozen widget customers who behave like the widget (outbox, reconnect to the other process, resend with the
 * same id), and then: kill -9 of a process mid-turn, kill -9 of a process 250 ms after every customer's last
 * message, kill -9 of Redis and a restart from its AOF, two customers with the same message ids. Every
 * message a customer saw acknowledged must be answered, once, in order. The scenarios and the judge are
 * the ones `npm run bench:load -- --faults` reports with (bench/load/), on fewer customers.
 */
import { describe, expect, it } from 'vitest';
import { runFaultBench, type FaultReport } from '../../bench/load/fault-bench.ts';

const CUSTOMERS = 40;

function verdict(report: FaultReport) {
  const { messages, acknowledged, lost, doubled, outOfOrder, examples } = report.counts;
  return {
    scenario: report.scenario,
    channel: report.channel,
    messages,
    acknowledged,
    lost,
    doubled,
    outOfOrder,
    examples,
  };
}

describe('faults: every acknowledged message is answered exactly once', () => {
  for (const scenario of ['a', 'b', 'c', 'd']) {
    it(`scenario ${scenario}`, async () => {
      const reports = await runFaultBench({
        conversations: CUSTOMERS,
        messages: 3,
        scenarios: [scenario],
        log: () => undefined,
      });
      expect(reports.length).toBeGreaterThan(0);
      for (const report of reports) {
        const seen = verdict(report);
        expect(seen.messages, JSON.stringify(seen)).toBe(CUSTOMERS * 3);
        expect(seen.acknowledged, JSON.stringify(seen)).toBeGreaterThan(0);
        expect(
          { lost: seen.lost, doubled: seen.doubled, outOfOrder: seen.outOfOrder },
          JSON.stringify(seen),
        ).toEqual({
          lost: 0,
          doubled: 0,
          outOfOrder: 0,
        });
      }
    });
  }
});
