import { describe, expect, it } from 'vitest';
import { RecentResults } from '../../../src/core/recent-results.ts';

describe('recent results', () => {
  it('computes a result once while it is kept, and forgets the oldest first', () => {
    const computed: string[] = [];
    const lengths = new RecentResults<string, number>(2);
    const length = (text: string) => lengths.get(text, (t) => (computed.push(t), t.length));
    expect([length('سلام'), length('سلام'), length('hello')]).toEqual([4, 4, 5]);
    expect(computed).toEqual(['سلام', 'hello']);
    expect(length('مرحبا')).toBe(5); // full: 'سلام' goes
    expect(lengths.size).toBe(2);
    expect(length('hello')).toBe(5);
    expect(length('سلام')).toBe(4);
    expect(computed).toEqual(['سلام', 'hello', 'مرحبا', 'سلام']);
  });

  it('keeps undefined results too, and a result set by hand', () => {
    let calls = 0;
    const found = new RecentResults<string, string | undefined>(4);
    expect(found.get('a', () => (calls++, undefined))).toBeUndefined();
    expect(found.get('a', () => (calls++, 'x'))).toBeUndefined();
    found.set('b', 'given');
    expect(found.get('b', () => 'computed')).toBe('given');
    expect(calls).toBe(1);
  });
});
