import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STEPS } from '../../../src/dialogs/dialog-engine.ts';
import { DialogTestClient } from '../../../src/dialogs/dialog-test-client.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { compose, type Middleware } from '../../../src/dialogs/pipeline.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { Metrics } from '../../../src/observability/metrics.ts';
import type { AngerDetector } from '../../../src/sentiment/detector.ts';
import { sampleContent, sampleDetector } from '../../helpers/content.ts';
import { metricValue } from '../../helpers/metrics.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
let anger: AngerDetector;
beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
  anger = await sampleDetector();
});

describe('the dialog engine told to Metrics', () => {
  it('times every step that runs, by its name, and counts decisions and moods by language', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const client = new DialogTestClient({ knowledge, catalog, engine: { anger, observer: metrics } });
    await client.send('How long does delivery take?');
    await client.send('Can you recommend a good recipe for lasagna?');
    await client.send('چطوری می‌تونم سفارشم رو مرجوع کنم؟');

    expect(await metricValue(metrics, 'hamdel_decisions_total', { decision: 'answer', language: 'en' })).toBe(
      1,
    );
    expect(
      await metricValue(metrics, 'hamdel_decisions_total', { decision: 'abstain', language: 'en' }),
    ).toBe(1);
    expect(await metricValue(metrics, 'hamdel_decisions_total', { decision: 'answer', language: 'fa' })).toBe(
      1,
    );
    expect(await metricValue(metrics, 'hamdel_anger_levels_total', { level: 'calm', language: 'en' })).toBe(
      2,
    );
    for (const step of DEFAULT_STEPS) {
      const count = await metricValue(metrics, 'hamdel_dialog_step_duration_seconds_count', {
        step: step.name,
      });
      expect(count, step.name).toBe(3);
    }
  });

  it('counts an angry customer by level', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const client = new DialogTestClient({ knowledge, catalog, engine: { anger, observer: metrics } });
    await client.send(
      'This is ridiculous!!! Three weeks and my order STILL has not arrived. Worst service ever.',
    );
    expect(await metricValue(metrics, 'hamdel_anger_levels_total', { level: 'angry', language: 'en' })).toBe(
      1,
    );
  });
});

describe('step timing in the pipeline', () => {
  const step =
    (stop = false): Middleware<string[]> =>
    async (ctx, next) => {
      ctx.push('x');
      if (!stop) await next();
    };

  it('reports each step that ran, innermost first, and none after a step that stops', async () => {
    const seen: string[] = [];
    const first: Middleware<string[]> = async (_ctx, next) => next();
    const second: Middleware<string[]> = async () => undefined;
    const third: Middleware<string[]> = async (_ctx, next) => next();
    await compose([first, second, third], { stepDone: (name) => seen.push(name) })([]);
    expect(seen).toEqual(['second', 'first']);
  });

  it('names an unnamed step by its place and ignores an observer that throws', async () => {
    const seen: string[] = [];
    await compose([step()], { stepDone: (name) => seen.push(name) })([]);
    await compose<string[]>([async (ctx) => void ctx.push('y')], { stepDone: (name) => seen.push(name) })([]);
    expect(seen).toEqual(['step-1', 'step-1']);
    const ctx: string[] = [];
    await compose([step(), step()], {
      stepDone: () => {
        throw new Error('metrics broke');
      },
    })(ctx);
    expect(ctx).toEqual(['x', 'x']);
  });

  it('reports a step that throws, and the error still reaches the caller', async () => {
    const seen: string[] = [];
    const failing: Middleware<object> = async () => {
      throw new Error('step failed');
    };
    await expect(compose([failing], { stepDone: (name) => seen.push(name) })({})).rejects.toThrow(
      'step failed',
    );
    expect(seen).toEqual(['failing']);
  });
});
