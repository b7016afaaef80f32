/**
 * `npm run bench:week -- [--customers N] [--seed N] [--all]`: a simulated week driven through the real
 * service (bench/week/run-week.ts; default 1,500 customers, seed 1), then every report figure compared with
 * the simulation's own (docs/reports.md, "How the figures are checked"). Prints the week's totals side by
 * side (figure, report value, simulation value, agree?), how many figures of each report agree, every row
 * that does not (every row with --all), what surprised the simulation, and how long it took. Exits 1 on any
 * disagreement or surprise. Uses the Redis at REDIS_URL (default 127.0.0.1:6379) under a random prefix.
 */
import { runWeek } from './week/run-week.ts';
import type { Row } from './week/figure-rows.ts';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

/** Which report a row belongs to: "by channel / web / wait.medianMs" is "by channel". */
function reportOf(row: Row): string {
  if (row.figure.startsWith('live ')) return 'live view (twice a day)';
  return (row.figure.split(' / ')[0] ?? '').split(':')[0] ?? '';
}

async function main(): Promise<void> {
  const seed = argument('seed', 1);
  const customers = argument('customers', 1500);
  const started = performance.now();
  const result = await runWeek({ seed, customers, progress: (line) => console.log(`  ${line}`) });
  const { rows, log } = result;
  console.log(`\nsimulated week: seed ${seed}, ${customers} customers`);
  console.log(
    Object.entries(result.counts)
      .map(([name, n]) => `${name} ${n}`)
      .join(', '),
  );
  const week = rows.rows.filter((r) => r.figure.startsWith('week (from rollups) / total /'));
  console.log(`\n${rows.table(process.argv.includes('--all') ? rows.rows : week)}\n`);

  const byReport = new Map<string, { rows: number; agree: number }>();
  for (const row of rows.rows) {
    const tally = byReport.get(reportOf(row)) ?? { rows: 0, agree: 0 };
    tally.rows += 1;
    if (row.agree) tally.agree += 1;
    byReport.set(reportOf(row), tally);
  }
  console.log(`${'report'.padEnd(42)}${'figures'.padStart(9)}${'agree'.padStart(9)}`);
  for (const [report, { rows: n, agree }] of byReport) {
    console.log(`${report.padEnd(42)}${String(n).padStart(9)}${String(agree).padStart(9)}`);
  }

  const wrong = rows.disagreements;
  if (wrong.length > 0) console.log(`\ndisagreements:\n${rows.table(wrong)}`);
  for (const note of log.notes) console.log(`note: ${note}`);
  for (const surprise of log.surprises) console.log(`surprise: ${surprise}`);
  console.log(
    `\n${rows.rows.length} figures compared, ${rows.rows.length - wrong.length} agree, ${wrong.length} do not; ` +
      `${log.surprises.length} surprises; the week took ${result.seconds.week.toFixed(1)} s, ` +
      `reading the reports ${result.seconds.reports.toFixed(1)} s, in all ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (wrong.length > 0 || log.surprises.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
