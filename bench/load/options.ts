import { parseArgs } from 'node:util';
import type { Channel } from './generator-protocol.ts';
import type { RedisLink } from './rig.ts';

export interface BenchOptions {
  readonly mode: 'load' | 'faults';
  readonly quick: boolean;
  readonly durationMs: number;
  readonly rates: readonly (number | 'max')[];
  readonly channels: readonly Channel[];
  readonly processCounts: readonly number[];
  /** How hamdel reaches Redis: TCP on loopback, its Unix socket, or each in turn. */
  readonly links: readonly RedisLink[];
  readonly conversations: number;
  readonly maxConcurrency: number;
  /** Fault mode: messages per conversation, and which scenarios. */
  readonly faultMessages: number;
  readonly scenarios: readonly string[];
  readonly json: boolean;
}

export const USAGE = `npm run bench:load -- [--quick] [--faults] [options]
  --quick                 a few seconds per rate (default: 10 s per rate)
  --faults                the fault report instead of the load runs
  --duration=<seconds>    length of each measured run
  --rates=250,500,1000,max
  --channels=http,widget
  --processes=1,2
  --links=tcp,unix        how hamdel reaches Redis: TCP on loopback (default) and/or its Unix socket
  --conversations=<n>     distinct conversations per run (default 1000; fault mode 300)
  --concurrency=<n>       senders of the "max" closed loop (default 64)
  --messages=<n>          fault mode: messages per conversation (default 3)
  --scenarios=a,b,c,d     fault mode: which scenarios
  --no-json               do not write bench/results/load-<date>.json
Environment:
  BENCH_SERVER=dist       run the built server (npm run build first) instead of the sources through tsx
  BENCH_SERVER_NODE_ARGS  Node options for the servers only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  BENCH_LOG_LEVEL         the servers' LOG_LEVEL (default info, as in production)`;

/** Reads the command line; throws with the usage on a bad option. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      faults: { type: 'boolean', default: false },
      duration: { type: 'string' },
      rates: { type: 'string', default: '250,500,1000,max' },
      channels: { type: 'string', default: 'http,widget' },
      processes: { type: 'string', default: '1,2' },
      links: { type: 'string', default: 'tcp' },
      conversations: { type: 'string' },
      concurrency: { type: 'string', default: '64' },
      messages: { type: 'string', default: '3' },
      scenarios: { type: 'string', default: 'a,b,c,d' },
      'no-json': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const positive = (text: string, name: string) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number\n${USAGE}`);
    return value;
  };
  const list = (text: string) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const channels = list(values.channels).map((channel) => {
    if (channel !== 'http' && channel !== 'widget') throw new Error(`unknown channel ${channel}\n${USAGE}`);
    return channel;
  });
  const links = list(values.links).map((link) => {
    if (link !== 'tcp' && link !== 'unix') throw new Error(`unknown link ${link}\n${USAGE}`);
    return link;
  });
  const quick = values.quick;
  const faults = values.faults;
  return {
    mode: faults ? 'faults' : 'load',
    quick,
    durationMs: positive(values.duration ?? (quick ? '3' : '10'), 'duration') * 1000,
    rates: list(values.rates).map((rate) => (rate === 'max' ? 'max' : positive(rate, 'rates'))),
    channels,
    links,
    processCounts: list(values.processes).map((count) => Math.round(positive(count, 'processes'))),
    conversations: Math.round(positive(values.conversations ?? (faults ? '300' : '1000'), 'conversations')),
    maxConcurrency: Math.round(positive(values.concurrency, 'concurrency')),
    faultMessages: Math.round(positive(values.messages, 'messages')),
    scenarios: list(values.scenarios),
    json: !values['no-json'],
  };
}
