import { performance } from 'node:perf_hooks';
import { tell, type StepObserver } from './dialog-observer.ts';

/** One step of a turn: do some work, then call `next()` to let the following steps run (or don't, to stop). */
export type Middleware<C> = (context: C, next: () => Promise<void>) => Promise<void>;

/**
 * Chains the steps into one; calling `next()` twice from one step is a bug and throws. With an observer,
 * each step that runs is timed on its own (the steps inside its `next()` are not counted in its time).
 */
export function compose<C>(
  steps: readonly Middleware<C>[],
  observer?: StepObserver,
): (context: C) => Promise<void> {
  const names = steps.map((step, i) => step.name || `step-${i + 1}`);
  return (context) => {
    let last = -1;
    const run = async (i: number): Promise<void> => {
      if (i <= last) throw new Error('next() called more than once in one middleware step');
      last = i;
      const step = steps[i];
      if (!step) return;
      if (!observer) return step(context, () => run(i + 1));
      const started = performance.now();
      let inner = 0;
      try {
        await step(context, async () => {
          const from = performance.now();
          try {
            await run(i + 1);
          } finally {
            inner += performance.now() - from;
          }
        });
      } finally {
        const seconds = Math.max(0, performance.now() - started - inner) / 1000;
        tell(() => observer.stepDone(names[i] ?? `step-${i + 1}`, seconds));
      }
    };
    return run(0);
  };
}
