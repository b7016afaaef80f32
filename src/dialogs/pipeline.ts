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
    // Each step's whole time, its later steps included; a step's own time is its whole time less that of
    // the step after it, which ran inside its next() (steps finish innermost first).
    const whole: number[] = [];
    const run = async (i: number): Promise<void> => {
      if (i <= last) throw new Error('next() called more than once in one middleware step');
      last = i;
      const step = steps[i];
      if (!step) return;
      if (!observer) return step(context, () => run(i + 1));
      const started = performance.now();
      try {
        await step(context, () => run(i + 1));
      } finally {
        const ms = performance.now() - started;
        whole[i] = ms;
        const seconds = Math.max(0, ms - (whole[i + 1] ?? 0)) / 1000;
        tell(() => observer.stepDone(names[i] ?? `step-${i + 1}`, seconds));
      }
    };
    return run(0);
  };
}
