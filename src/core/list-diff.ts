/**
 * The smallest edit from one list to another (longest common subsequence): which items stay, which go,
 * which come, and where. Used to change a list in a file by touching only the items that changed, and to
 * replay one person's changes to a list on top of another's. Imports nothing, so the pages bundle it.
 */
export type ListEdit =
  | { readonly kind: 'keep'; readonly from: number; readonly to: number }
  | { readonly kind: 'delete'; readonly from: number }
  | { readonly kind: 'insert'; readonly to: number }
  /** An item changed in place: a deletion at `from` paired with the insertion at `to` that took its place. */
  | { readonly kind: 'replace'; readonly from: number; readonly to: number };

/**
 * The edits turning `before` into `after`, in order: every index of `before` appears once (keep, delete or
 * replace), every index of `after` once (keep, insert or replace). A run of deletions directly followed by
 * insertions is paired into replacements, one for one, so a changed item stays where it was.
 */
export function diffLists<T>(
  before: readonly T[],
  after: readonly T[],
  same: (a: T, b: T) => boolean = Object.is,
): ListEdit[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: the longest common subsequence of before[i..] and after[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const below = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) {
      row[j] = same(before[i] as T, after[j] as T)
        ? (below[j + 1] as number) + 1
        : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const plain: ListEdit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(before[i] as T, after[j] as T)) {
      plain.push({ kind: 'keep', from: i++, to: j++ });
    } else if (j < m && (i >= n || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
      plain.push({ kind: 'insert', to: j++ });
    } else {
      plain.push({ kind: 'delete', from: i++ });
    }
  }
  return pairReplacements(plain);
}

/** Pairs each run of deletions and insertions (in either order) into replacements, one for one. */
function pairReplacements(edits: readonly ListEdit[]): ListEdit[] {
  const out: ListEdit[] = [];
  let k = 0;
  while (k < edits.length) {
    const edit = edits[k] as ListEdit;
    if (edit.kind === 'keep') {
      out.push(edit);
      k++;
      continue;
    }
    const deletes: number[] = [];
    const inserts: number[] = [];
    while (k < edits.length) {
      const next = edits[k] as ListEdit;
      if (next.kind === 'delete') deletes.push(next.from);
      else if (next.kind === 'insert') inserts.push(next.to);
      else break;
      k++;
    }
    const pairs = Math.min(deletes.length, inserts.length);
    for (let p = 0; p < pairs; p++) {
      out.push({ kind: 'replace', from: deletes[p] as number, to: inserts[p] as number });
    }
    for (const from of deletes.slice(pairs)) out.push({ kind: 'delete', from });
    for (const to of inserts.slice(pairs)) out.push({ kind: 'insert', to });
  }
  return out;
}
