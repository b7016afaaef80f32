/**
 * `npm run bench:load`: open-loop load through the HTTP channel and the widget against 1 and 2 hamdel
 * processes on a private Redis, with latency percentiles, CPU, Redis commands, round trips and bytes per
 * turn. `-- --faults`: kill -9 of a process or of Redis while customers write, and what that did to their
 * messages (lost, doubled, out of order, late). `-- --help` lists the options.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { environment } from './environment.ts';
import { REPO_ROOT } from './hamdel-process.ts';
import { runFaultBench } from './fault-bench.ts';
import { faultTable, FAULT_NOTES } from './fault-report.ts';
import { runLoadBench } from './load-bench.ts';
import { commandMix, LOAD_NOTES, loadTable } from './load-report.ts';
import { parseOptions } from './options.ts';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const env = environment();
  const log = (line: string) => console.error(line);
  console.log(
    `machine: ${env.cpus} × ${env.cpuModel}, load average ${env.loadAverage1m}, ${env.node}, ${env.redis}`,
  );
  console.log(`server: ${env.server}\n`);
  let result: object;
  if (options.mode === 'faults') {
    const reports = await runFaultBench({
      conversations: options.conversations,
      messages: options.faultMessages,
      scenarios: options.scenarios,
      log,
    });
    console.log(faultTable(reports));
    const examples = reports.flatMap((r) =>
      r.counts.examples.map((e) => `- ${r.scenario} ${r.channel}: ${e}`),
    );
    if (examples.length > 0)
      console.log(`\nExamples (entries: author(clientMessageId)@ms after the send):\n${examples.join('\n')}`);
    console.log(`\n${FAULT_NOTES}`);
    result = { mode: 'faults', environment: env, options, reports };
  } else {
    const rows = await runLoadBench({
      durationMs: options.durationMs,
      rates: options.rates,
      channels: options.channels,
      processCounts: options.processCounts,
      links: options.links,
      conversations: options.conversations,
      maxConcurrency: options.maxConcurrency,
      warmupMs: options.quick ? 10_000 : 20_000,
      sampleMs: options.quick ? 2_000 : 4_000,
      log,
    });
    console.log(loadTable(rows));
    const mix = commandMix(rows);
    if (mix) console.log(`\nRedis commands per turn, one turn at a time, one process:\n${mix}`);
    console.log(`\n${LOAD_NOTES}`);
    result = { mode: options.quick ? 'quick' : 'full', environment: env, options, rows };
  }
  if (options.json) {
    const dir = path.join(REPO_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.join(dir, `${options.mode === 'faults' ? 'faults' : 'load'}-${stamp}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nJSON: ${path.relative(REPO_ROOT, file)}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
