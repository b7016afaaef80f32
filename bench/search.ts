/**
 * `npm run bench:search -- [--conversations N] [--lines N] [--runs N]`: the transcript search index on the
 * local Redis (a random key prefix, removed after). Writes N conversations (default 1,000) of 20 customer and
 * agent lines each through the real store (which indexes each line in its write script) and closes them into
 * the index of closed conversations (4 teams, 12 agents); then times what the index adds to a line's write,
 * searches in a customer's own 30 conversations and over the closed ones (a supervisor's scope and an agent's,
 * a common word, a rare order number, two words), and the memory the index takes beside the transcripts.
 */
import { Redis } from 'ioredis';
import { systemClock } from '../src/core/clock.ts';
import { RedisConversationStore } from '../src/conversations/redis-conversation-store.ts';
import { conversationKeys } from '../src/conversations/redis-keys.ts';
import { TranscriptIndex } from '../src/handoff/transcript-index.ts';
import { queryWords } from '../src/language/search-terms.ts';
import { random } from '../src/core/random.ts';
import { readCommandLine } from '../src/core/command-line.ts';

const values = readCommandLine(
  {
    conversations: { type: 'string', default: '1000' },
    lines: { type: 'string', default: '20' },
    runs: { type: 'string', default: '40' },
  },
  'usage: bench:search -- [--conversations N] [--lines N] [--runs N]',
);
const CONVERSATIONS = Number(values.conversations);
const LINES = Number(values.lines);
const RUNS = Number(values.runs);

const WORDS = (
  'سفارش ارسال مرجوعی پرداخت کارت تخفیف کفش لباس گوشی لپ‌تاپ رنگ سایز قیمت هزینه پیگیری کد رسید ' +
  'خراب دیر نرسیده بسته پیک آدرس تهران شیراز اصفهان تعویض ضمانت باتری شارژر طلب توصيل استرجاع ' +
  'order refund delivery broken late address card discount size colour warranty battery charger'
).split(' ');

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `hamdel-bench-search:${Date.now()}:`;
const store = new RedisConversationStore({ redis, prefix, clock: systemClock });
const index = new TranscriptIndex({ redis, prefix, retentionMs: 365 * 86_400_000 });
const rand = random(20261207);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

function quantiles(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms`;
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times;
}

async function memoryOf(pattern: string): Promise<{ keys: number; bytes: number }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    for (const key of found) {
      keys += 1;
      bytes += Number(await redis.memory('USAGE', key, 'SAMPLES', '0'));
    }
  } while (cursor !== '0');
  return { keys, bytes };
}

try {
  // What indexing adds to a line's write: an agent's line (indexed) against the bot's (not indexed).
  const writeId = 'write-cost';
  await store.ensure({ id: writeId, channel: 'web', customerId: 'w' });
  const text = sentence(14);
  const plain = await timed(500, () =>
    store.append(writeId, { author: { kind: 'bot' }, text, at: Date.now() }),
  );
  const indexed = await timed(500, () =>
    store.append(writeId, { author: { kind: 'agent', id: 'a1', name: 'A' }, text, at: Date.now() }),
  );
  console.log(
    `append, a line of 14 words: bot (not indexed) ${quantiles(plain)}; agent (indexed) ${quantiles(indexed)}`,
  );

  const started = performance.now();
  const closeTimes: number[] = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const id = `c${c}`;
    const customerId = `v${c % Math.ceil(CONVERSATIONS / 30)}`;
    await store.ensure({ id, channel: 'web', customerId });
    await store.touchCustomer({ channel: 'web', id: customerId, conversationId: id });
    const agentId = `agent${c % 12}`;
    for (let l = 0; l < LINES; l++) {
      const order = l === 3 ? ` کد سفارش ${100_000 + c}` : '';
      await store.append(id, {
        author: l % 2 === 0 ? { kind: 'customer' } : { kind: 'agent', id: agentId, name: agentId },
        text: `${sentence(6 + Math.floor(rand() * 10))}${order}`,
        at: Date.now(),
      });
    }
    const start = performance.now();
    await index.closed({ conversationId: id, agentId, team: `team${c % 4}`, endedAt: Date.now() });
    closeTimes.push(performance.now() - start);
  }
  console.log(
    `${CONVERSATIONS} conversations × ${LINES} lines written in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `closing one into the index: ${quantiles(closeTimes)}`,
  );

  const own = Array.from({ length: 30 }, (_, i) => `c${i * Math.ceil(CONVERSATIONS / 30)}`).filter(
    (id) => Number(id.slice(1)) < CONVERSATIONS,
  );
  const cases: [string, () => Promise<unknown>][] = [
    [
      'customer scope (30 conversations), common word "سفارش"',
      () => index.inConversations(own, queryWords('سفارش')),
    ],
    ['closed, supervisor, common word "سفارش"', () => index.inClosed({ all: true }, queryWords('سفارش'))],
    [
      'closed, supervisor, rare order number',
      () => index.inClosed({ all: true }, queryWords(String(100_000 + 7))),
    ],
    ['closed, supervisor, two words "کفش خراب"', () => index.inClosed({ all: true }, queryWords('کفش خراب'))],
    [
      'closed, agent (own + team), "پیگیری"',
      () => index.inClosed({ all: false, team: 'team3', agentId: 'agent3' }, queryWords('پیگیری')),
    ],
    ['closed, supervisor, nothing matches', () => index.inClosed({ all: true }, queryWords('zzzz'))],
  ];
  for (const [name, work] of cases) {
    const hits = ((await work()) as unknown[]).length;
    console.log(`${name}: ${hits} hits, ${quantiles(await timed(RUNS, work))}`);
  }

  const keys = conversationKeys(prefix);
  const transcripts = await memoryOf(keys.transcript('*'));
  const terms = await memoryOf(keys.terms('*'));
  const closed = await memoryOf(`${prefix}{search}:*`);
  const per = (bytes: number) => `${Math.round(bytes / CONVERSATIONS)} B per conversation`;
  console.log(
    `memory: transcripts ${per(transcripts.bytes)}; their terms ${per(terms.bytes)}; closed index ${per(closed.bytes)}`,
  );
} finally {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await redis.del(...found);
  } while (cursor !== '0');
  redis.disconnect();
}
