/**
 * `npm run bench:week -- [--seed N] [--customers N] [--all]`: a simulated week driven through the real
 * service (bench/week/run-week.ts), then every report figure compared with the simulation's own: prints
 * the side-by-side table (figure, report value, simulation value, agree?) of the week's totals, every row
 * that disagrees (all rows with --all), and how long it took. Exits 1 on any disagreement.
 */
import { runWeek } from './week/run-week.ts';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

async function main(): Promise<void> {
  const seed = argument('seed', 1);
  const customers = argument('customers', 1500);
  const started = performance.now();
  const result = await runWeek({ seed, customers, progress: (line) => console.log(`  ${line}`) });
  const { rows } = result;
  const week = rows.rows.filter((r) => r.figure.startsWith('week (from rollups) / total /'));
  console.log(`\nsimulated week: seed ${seed}, ${customers} customers`);
  console.log(
    Object.entries(result.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  );
  console.log(`\n${rows.table(process.argv.includes('--all') ? rows.rows : week)}\n`);
  const wrong = rows.disagreements;
  if (wrong.length > 0) console.log(`disagreements:\n${rows.table(wrong)}\n`);
  for (const note of result.log.notes) console.log(`  note: ${note}`);
  if (result.log.surprises.length > 0) {
    console.log(`the simulation was surprised ${result.log.surprises.length} times:`);
    for (const s of result.log.surprises.slice(0, 20)) console.log(`  ${s}`);
  }
  console.log(
    `${rows.rows.length} figures compared, ${rows.rows.length - wrong.length} agree, ${wrong.length} do not; ` +
      `week ${result.seconds.week.toFixed(1)} s, reports ${result.seconds.reports.toFixed(1)} s, ` +
      `in all ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (wrong.length > 0 || result.log.surprises.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
