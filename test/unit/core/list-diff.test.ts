import { describe, expect, it } from 'vitest';
import { diffLists, type ListEdit } from '../../../src/core/list-diff.ts';

/** Applies the edits: what `after` must come out as, built only from `before` and the edits' indexes. */
function replay(before: readonly string[], after: readonly string[], edits: readonly ListEdit[]): string[] {
  return edits.flatMap((edit) => {
    if (edit.kind === 'keep') return [before[edit.from] as string];
    if (edit.kind === 'delete') return [];
    return [after[edit.to] as string];
  });
}

describe('diffLists', () => {
  it('keeps what stays, inserts what comes, deletes what goes', () => {
    expect(diffLists(['a', 'b', 'c'], ['a', 'b', 'c', 'd'])).toEqual([
      { kind: 'keep', from: 0, to: 0 },
      { kind: 'keep', from: 1, to: 1 },
      { kind: 'keep', from: 2, to: 2 },
      { kind: 'insert', to: 3 },
    ]);
    expect(diffLists(['a', 'b', 'c'], ['a', 'c'])).toEqual([
      { kind: 'keep', from: 0, to: 0 },
      { kind: 'delete', from: 1 },
      { kind: 'keep', from: 2, to: 1 },
    ]);
  });

  it('pairs a changed item into a replacement in its place', () => {
    expect(diffLists(['a', 'b', 'c'], ['a', 'B', 'c'])).toEqual([
      { kind: 'keep', from: 0, to: 0 },
      { kind: 'replace', from: 1, to: 1 },
      { kind: 'keep', from: 2, to: 2 },
    ]);
  });

  it('always rebuilds the new list, whatever the lists', () => {
    const lists = [[], ['x'], ['a', 'b'], ['b', 'a'], ['a', 'a', 'b'], ['c', 'a', 'd', 'b', 'a']];
    for (const before of lists) {
      for (const after of lists) {
        const edits = diffLists(before, after);
        expect(replay(before, after, edits)).toEqual(after);
        const froms = edits.flatMap((e) => ('from' in e ? [e.from] : []));
        expect(froms).toEqual(before.map((_, i) => i));
      }
    }
  });
});
