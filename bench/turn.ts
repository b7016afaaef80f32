/**
 * `npm run bench:turn`: server time of a whole turn (language, knowledge search, Redis store, events) through
 * the real server and Redis, for Persian, Arabic and English questions taken from the sample articles.
 * Each question opens a new conversation (a first turn: greeting, language, mood, search, handoff when asked).
 * Prints p50/p95/p99 in milliseconds per language, measured as HTTP round trips on loopback (an upper
 * bound of server time). The questions are the articles' own examples, so the answered share shows the
 * decision works end to end, not retrieval accuracy (that is `npm run eval:kb` on public data sets).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sampleContent } from '../test/helpers/content.ts';
import { startTestServer } from '../test/helpers/test-server.ts';

const TOKEN = 'bench-token-0123456789';
const ROUNDS = Number(process.env.ROUNDS ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const { knowledge } = await sampleContent();
  const server = await startTestServer({
    env: {
      HTTP_CHANNEL_TOKEN: TOKEN,
      RATE_LIMIT_PER_MINUTE: '100000',
      HTTP_CHANNEL_RATE_LIMIT_PER_MINUTE: '0',
    },
  });
  try {
    console.log(`turn latency over ${ROUNDS} questions per language (HTTP channel, real Redis)\n`);
    console.log('lang   p50 ms   p95 ms   p99 ms   answered or handed over (own example questions)');
    for (const language of ['fa', 'ar', 'en'] as const) {
      const questions = knowledge.articles.filter((a) => a.language === language).flatMap((a) => a.questions);
      const times: number[] = [];
      let answered = 0;
      for (let i = 0; i < ROUNDS + 20; i += 1) {
        const text = questions[i % questions.length] ?? 'hello';
        const started = performance.now();
        const response = await fetch(`${server.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ customerId: `bench-${language}-${i}`, text, messageId: randomUUID() }),
        });
        const body = (await response.json()) as { replies: { kind?: string }[] };
        const elapsed = performance.now() - started;
        if (i < 20) continue; // warm-up
        times.push(elapsed);
        if (body.replies.some((r) => r.kind === 'answer' || r.kind === 'handoff')) answered += 1;
      }
      times.sort((a, b) => a - b);
      const row = [50, 95, 99].map((p) => percentile(times, p).toFixed(2).padStart(8)).join(' ');
      console.log(`${language.padEnd(4)} ${row}   ${((answered / ROUNDS) * 100).toFixed(0)}%`);
    }
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
