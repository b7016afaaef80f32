import { describe, expect, it } from 'vitest';
import { compose, type Middleware } from '../../../src/dialogs/pipeline.ts';

describe('middleware pipeline', () => {
  it('runs steps in order around next(), and a step that does not call next() stops the rest', async () => {
    const log: string[] = [];
    const step =
      (name: string, stop = false): Middleware<string[]> =>
      async (ctx, next) => {
        ctx.push(`${name} in`);
        if (!stop) await next();
        ctx.push(`${name} out`);
      };
    await compose([step('a'), step('b', true), step('c')])(log);
    expect(log).toEqual(['a in', 'b in', 'b out', 'a out']);
  });

  it('refuses next() called twice by one step', async () => {
    const twice: Middleware<object> = async (_ctx, next) => {
      await next();
      await next();
    };
    await expect(compose([twice])({})).rejects.toThrow(/more than once/);
  });
});
