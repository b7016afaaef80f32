/** One step of a turn: do some work, then call `next()` to let the following steps run (or don't, to stop). */
export type Middleware<C> = (context: C, next: () => Promise<void>) => Promise<void>;

/** Chains the steps into one; calling `next()` twice from one step is a bug and throws. */
export function compose<C>(steps: readonly Middleware<C>[]): (context: C) => Promise<void> {
  return (context) => {
    let last = -1;
    const run = async (i: number): Promise<void> => {
      if (i <= last) throw new Error('next() called more than once in one middleware step');
      last = i;
      const step = steps[i];
      if (step) await step(context, () => run(i + 1));
    };
    return run(0);
  };
}
