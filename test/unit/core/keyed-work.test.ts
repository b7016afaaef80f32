import { describe, expect, it } from 'vitest';
import { KeyedWork } from '../../../src/core/keyed-work.ts';

/** A job that runs until the test lets it finish. */
function gate() {
  let open: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { done, open: () => open() };
}

describe('KeyedWork: background jobs, one per key, a few at a time per lane', () => {
  it('refuses a key that is still queued or running, and takes it again once it is done', async () => {
    const work = new KeyedWork();
    const g = gate();
    let runs = 0;
    const job = async () => {
      runs += 1;
      await g.done;
    };
    expect(work.add('c1', 'telegram', job)).toBe(true);
    expect(work.add('c1', 'telegram', job)).toBe(false);
    expect(work.busy('c1')).toBe(true);
    g.open();
    await work.settled();
    expect(runs).toBe(1);
    expect(work.busy('c1')).toBe(false);
    expect(work.add('c1', 'telegram', async () => undefined)).toBe(true);
    await work.settled();
  });

  it('runs at most perLane jobs of a lane at once; a stuck lane does not hold another lane', async () => {
    const work = new KeyedWork({ perLane: 2 });
    const stuck = gate();
    const started: string[] = [];
    for (const id of ['t1', 't2', 't3']) {
      work.add(id, 'telegram', async () => {
        started.push(id);
        await stuck.done;
      });
    }
    const web: string[] = [];
    for (const id of ['w1', 'w2', 'w3']) work.add(id, 'web', async () => void web.push(id));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(web).toEqual(['w1', 'w2', 'w3']); // the web lane ran everything
    expect(started).toEqual(['t1', 't2']); // the third Telegram job waits its turn
    expect(work.size).toBe(3);
    stuck.open();
    await work.settled();
    expect(started).toEqual(['t1', 't2', 't3']);
    expect(work.size).toBe(0);
  });

  it('reports a failed job with its key and keeps going', async () => {
    const errors: [string, string][] = [];
    const work = new KeyedWork({ onError: (error, key) => errors.push([key, (error as Error).message]) });
    work.add('c1', 'slack', async () => {
      throw new Error('slack said no');
    });
    work.add('c2', 'slack', async () => undefined);
    await work.settled();
    expect(errors).toEqual([['c1', 'slack said no']]);
    expect(work.busy('c1')).toBe(false);
  });
});
