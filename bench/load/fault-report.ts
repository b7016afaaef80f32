import type { FaultReport } from './fault-bench.ts';
import { percentile, sortedCopy } from './stats.ts';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '-');

/** The fault runs as a Markdown table. */
export function faultTable(reports: readonly FaultReport[]): string {
  const header = [
    'scenario',
    'channel',
    'messages',
    'acked',
    'answered',
    'lost (told / answered > 30 s)',
    'doubled',
    'out of order',
    'late (>5 s)',
    'not acked',
    'held for a person',
    'latency p50 / p99 / max ms',
    'errors sent to customers',
    'reconnects',
    'server error lines',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const report of reports) {
    const c = report.counts;
    const sorted = sortedCopy(c.latenciesMs);
    const errors = Object.entries(c.errors)
      .sort((a, b) => b[1] - a[1])
      .map(([code, count]) => `${count} ${code}`)
      .join(', ');
    const cells = [
      report.scenario,
      report.channel,
      c.messages,
      c.acknowledged,
      c.answered,
      `${c.lost} (${c.lostTold} / ${c.lostAnsweredLater})`,
      report.channel === 'http' ? 'n/a' : c.doubled,
      report.channel === 'http' ? 'n/a' : c.outOfOrder,
      c.late,
      c.notAcknowledged,
      c.heldForPerson,
      `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 99))} / ${ms(sorted[sorted.length - 1] ?? NaN)}`,
      errors || '0',
      report.reconnects,
      report.serverErrorLines,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const faults = reports
    .filter((r, i) => reports.findIndex((o) => o.scenario === r.scenario) === i)
    .map((r) => `- ${r.scenario}: ${r.fault} (server logs: ${r.logDir})`);
  return `${lines.join('\n')}\n\n${faults.join('\n')}`;
}

export const FAULT_NOTES = `Notes:
- Each scenario: a fresh Redis (AOF, appendfsync always) and 2 hamdel processes; customers (widget
  conversations, half on each process) send their messages 1 s apart, first ones spread over 3 s, with
  the widget's behaviour: an outbox resent with the same clientMessageId after every welcome, hello with the
  last entry id seen, reconnect with backoff to the other process, retry of a failed message after 2 s while
  it is in the outbox. In (b) every customer sends the last message at the same moment (as in the issue),
  so the processes have a backlog when one is killed. Times are from the first send.
- Judged from each conversation's whole transcript read from a live process after the deadline (hello
  without a last id): lost = acknowledged (ack, its entry echoed, HTTP 200) and no bot answer within 30 s
  of its send (told = an error frame reached the customer after the ack; answered > 30 s = answered in
  the 5 s the bench waits beyond the deadline, e.g. once a dead process's lock expired);
  doubled = the customer's entry stored twice or the same bot reply twice after it; out of order = stored
  before a message of the same customer that was acknowledged before this one was sent; late = answered more than 5 s after it was sent; not acked =
  the customer saw it fail or stay pending (the widget would show it as failed). Held for a person = the
  bot put the customer in line and stays silent by design.
- (d) HTTP: every customer sends messageId m-1, m-2... (the README's example); a 200 with duplicate: true
  means the message was dropped as someone else's (lost). Doubled and out of order cannot be seen over HTTP.`;
