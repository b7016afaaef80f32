import { performance } from 'node:perf_hooks';
import { emptyCounts, LATE_MS, type FaultCounts } from './fault-verdict.ts';
import { languageOf, QuestionSequence, type QuestionPools } from './questions.ts';
import { increment } from './stats.ts';

/**
 * Scenario (d) through the HTTP channel: every customer sends messages "m-1", "m-2"... (the README's own
 * example id), one after another, each to its own process. A 200 with replies is answered; a 200 saying
 * `duplicate` means the message was taken for another one and dropped (lost); anything else is an error the
 * integrator sees (not acknowledged). A 200 without replies is a customer waiting for a person (held).
 */
export async function httpSharedIds(o: {
  servers: readonly string[];
  token: string;
  customers: number;
  messages: number;
  pools: QuestionPools;
  tag: string;
}): Promise<FaultCounts> {
  const counts = emptyCounts();
  const customer = async (i: number) => {
    const questions = new QuestionSequence(o.pools, languageOf(i), i + 1);
    for (let k = 1; k <= o.messages; k += 1) {
      counts.messages += 1;
      const started = performance.now();
      try {
        const response = await fetch(`${o.servers[i % o.servers.length]}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
          body: JSON.stringify({ customerId: `${o.tag}-${i}`, text: questions.take(), messageId: `m-${k}` }),
        });
        const body = (await response.json()) as { code?: string; duplicate?: boolean; replies?: unknown[] };
        const latency = performance.now() - started;
        if (response.status !== 200) {
          increment(counts.errors, `HTTP ${response.status} ${body.code ?? ''}`.trim());
          counts.notAcknowledged += 1;
        } else if (body.duplicate) {
          counts.acknowledged += 1;
          counts.lost += 1;
          if (counts.examples.length < 6)
            counts.examples.push(`lost m-${k} of ${o.tag}-${i}: ${JSON.stringify(body)}`);
        } else if ((body.replies ?? []).length === 0) {
          // The bot is silent while the customer waits for a person.
          counts.acknowledged += 1;
          counts.heldForPerson += 1;
        } else {
          counts.acknowledged += 1;
          counts.answered += 1;
          counts.latenciesMs.push(latency);
          if (latency > LATE_MS) counts.late += 1;
        }
      } catch (error) {
        increment(counts.errors, error instanceof Error ? error.message : String(error));
        counts.notAcknowledged += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: o.customers }, (_, i) => customer(i)));
  return counts;
}
