import { describe, expect, it } from 'vitest';
import { runInSlices, runNow, type SlicedWork } from '../../../src/core/sliced-work.ts';
import { buildIndex, buildIndexInSlices } from '../../../src/knowledge/search-index.ts';
import { SHOP } from './fixtures.ts';

function* counting(to: number): SlicedWork<number> {
  let sum = 0;
  for (let i = 1; i <= to; i++) {
    sum += i;
    yield;
  }
  return sum;
}

/** Counts turns of the event loop (one per check phase) while `work` runs. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    turns += 1;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await work(), turns };
  } finally {
    running = false;
  }
}

describe('sliced work', () => {
  it('gives the same result at once or in slices', async () => {
    expect(runNow(counting(100))).toBe(5050);
    expect(await runInSlices(counting(100), 0)).toBe(5050);
  });

  it('lets the event loop turn between slices', async () => {
    const { turns } = await turnsDuring(() => runInSlices(counting(50), 0));
    expect(turns).toBeGreaterThanOrEqual(25);
  });
});

describe('buildIndexInSlices', () => {
  it('builds the same index as buildIndex while other work goes on', async () => {
    const { result: sliced, turns } = await turnsDuring(() => buildIndexInSlices(SHOP, {}, 0));
    expect(turns).toBeGreaterThan(10);
    const whole = buildIndex(SHOP);
    for (const [language, question] of [
      ['en', 'how can i retrun the thing i bougth'],
      ['fa', 'میشه با کارت پرداخت کرد؟'],
      ['ar', 'متى يفتح المحل'],
    ] as const) {
      const a = sliced.search(question, { language });
      const b = whole.search(question, { language });
      expect(a.map((hit) => [hit.article.id, hit.score])).toEqual(
        b.map((hit) => [hit.article.id, hit.score]),
      );
      expect(a.length).toBeGreaterThan(0);
    }
  });
});

describe('an index built again with `previous`', () => {
  it('keeps the languages whose articles and lists are the same objects, and rebuilds the one that changed', async () => {
    const first = await turnsDuring(() => buildIndexInSlices(SHOP, {}, 0));
    const same = await turnsDuring(() => buildIndexInSlices(SHOP, { previous: first.result }, 0));
    expect(same.turns).toBeLessThanOrEqual(1);

    const edited = SHOP.map((article) =>
      article.language === 'en' && article.id === SHOP.find((a) => a.language === 'en')?.id
        ? { ...article, questions: [...article.questions, 'where is my zebra parcel'] }
        : article,
    );
    const changed = await turnsDuring(() => buildIndexInSlices(edited, { previous: same.result }, 0));
    expect(changed.turns).toBeGreaterThan(2);
    expect(changed.turns).toBeLessThan(first.turns * 0.6);
    const whole = buildIndex(edited);
    for (const [language, question] of [
      ['en', 'where is my zebra parcel'],
      ['fa', 'میشه با کارت پرداخت کرد؟'],
      ['ar', 'متى يفتح المحل'],
    ] as const) {
      expect(changed.result.search(question, { language }).map((hit) => [hit.article.id, hit.score])).toEqual(
        whole.search(question, { language }).map((hit) => [hit.article.id, hit.score]),
      );
    }
    // New lists for a language (here none → one) rebuild it too.
    const withOffTopic = await turnsDuring(() =>
      buildIndexInSlices(edited, { previous: changed.result, offTopic: { fa: ['هوا فردا چطور است'] } }, 0),
    );
    expect(withOffTopic.turns).toBeGreaterThan(2);
  });
});
