import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long CPU work written once as a generator that `yield`s at points where it may pause (between
 * passes, every few hundred steps), and run either at once (`runNow`) or in slices that give the
 * event loop a turn between them (`runInSlices`), so that a server keeps answering while it works.
 */
export type SlicedWork<T> = Generator<void, T, void>;

/** Runs the work to its end without pausing. */
export function runNow<T>(work: SlicedWork<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done === true) return step.value;
  }
}

/** Runs the work in slices of about `sliceMs` of CPU, with a turn of the event loop between slices. */
export async function runInSlices<T>(work: SlicedWork<T>, sliceMs = 10): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done === true) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}
