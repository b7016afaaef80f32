import { describe, expect, it } from 'vitest';
import { InboundQueue } from '../../../src/adapters/web/inbound-queue.ts';
import { WebConnections } from '../../../src/adapters/web/web-connections.ts';

describe('widget connections per address and per process', () => {
  it('admits up to the limit per address and gives places back on close', () => {
    const connections = new WebConnections({ perAddress: 2, total: 3 });
    expect(connections.admit('10.0.0.1')).toBe(true);
    expect(connections.admit('10.0.0.1')).toBe(true);
    expect(connections.admit('10.0.0.1')).toBe(false);
    expect(connections.admit('10.0.0.2')).toBe(true);
    expect(connections.admit('10.0.0.3')).toBe(false); // the process is full
    connections.release('10.0.0.1');
    expect(connections.admit('10.0.0.1')).toBe(true);
    connections.release('10.0.0.9'); // never admitted: no effect
    expect(connections.stats()).toMatchObject({ open: 3, refused: 2 });
  });

  it('has no limit at 0', () => {
    const connections = new WebConnections({ perAddress: 0, total: 0 });
    for (let i = 0; i < 1_000; i += 1) expect(connections.admit('proxy')).toBe(true);
  });
});

describe('a connection’s incoming work', () => {
  it('runs tasks one at a time in order, stops reading when many wait, and refuses past the maximum', async () => {
    const calls: string[] = [];
    const queue = new InboundQueue({
      pauseAt: 4,
      maxWaiting: 6,
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      onError: () => calls.push('error'),
    });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const done: number[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const task = (n: number) => async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await gate;
      done.push(n);
      running -= 1;
    };
    const accepted = Array.from({ length: 10 }, (_, n) => queue.push(task(n)));
    // The first started at once; six more wait; the rest are refused.
    expect(accepted).toEqual([true, true, true, true, true, true, true, false, false, false]);
    expect(calls).toEqual(['pause']);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(mostAtOnce).toBe(1);
    expect(calls).toEqual(['pause', 'resume']);
    queue.push(async () => {
      throw new Error('boom');
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls.at(-1)).toBe('error');
  });
});
