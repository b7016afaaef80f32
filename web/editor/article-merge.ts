/**
 * "Reapply my changes on top of the disk's version" after a conflict: what the editor changed from the
 * version they opened (`base`) to their draft (`mine`) is replayed on the version on disk now (`disk`). A
 * field only they changed takes their value; one only the other side changed keeps the disk's; a field both
 * changed differently takes theirs and is named in `clashes` so they can check it. Lists (questions, tags,
 * skills) are merged item by item: their added, removed and edited items are applied to the disk's list,
 * so an example question added on disk meanwhile stays.
 */
import { diffLists } from '../../src/core/list-diff.ts';
import type { ArticleFields, ArticleForm } from '../../src/knowledge/article-form.ts';

export interface Reapplied {
  readonly form: ArticleForm;
  /** The fields (and `body`) both sides changed, each in their own way. */
  readonly clashes: readonly string[];
}

const SCALARS = ['id', 'language', 'title', 'needs_person'] as const;
const LISTS = ['questions', 'tags', 'skills'] as const;

export function reapply(base: ArticleForm, mine: ArticleForm, disk: ArticleForm): Reapplied {
  const clashes: string[] = [];
  const fields: Record<string, unknown> = { ...disk.fields };
  const pick = <T>(name: string, b: T, m: T, d: T, same: (x: T, y: T) => boolean): T => {
    if (same(m, b)) return d;
    if (!same(d, b) && !same(d, m)) clashes.push(name);
    return m;
  };
  for (const name of SCALARS) {
    fields[name] = pick(name, base.fields[name], mine.fields[name], disk.fields[name], Object.is);
  }
  for (const name of LISTS) {
    const b = base.fields[name];
    const m = mine.fields[name];
    const d = disk.fields[name];
    if (sameList(m, b)) continue;
    const merged = replayList(b, m, d);
    if (!sameList(d, b) && !sameList(merged, m)) clashes.push(name);
    fields[name] = merged;
  }
  const body = pick('body', base.body.trim(), mine.body.trim(), disk.body.trim(), Object.is);
  return { form: { fields: fields as unknown as ArticleFields, body }, clashes };
}

/** `base` → `mine`'s edits applied to `disk`: removals, in-place changes and additions (after their neighbour). */
function replayList(base: readonly string[], mine: readonly string[], disk: readonly string[]): string[] {
  const out = [...disk];
  for (const edit of diffLists(base, mine)) {
    if (edit.kind === 'keep') continue;
    if (edit.kind === 'delete' || edit.kind === 'replace') {
      const at = out.indexOf(base[edit.from] as string);
      if (edit.kind === 'delete') {
        if (at >= 0) out.splice(at, 1);
        continue;
      }
      const value = mine[edit.to] as string;
      if (out.includes(value)) {
        if (at >= 0) out.splice(at, 1);
      } else if (at >= 0) out[at] = value;
      else insertAfter(out, mine[edit.to - 1], value);
      continue;
    }
    const value = mine[edit.to] as string;
    if (!out.includes(value)) insertAfter(out, mine[edit.to - 1], value);
  }
  return out;
}

/** Puts `value` after `previous` in `list` (at the start when there is none, at the end when it is gone). */
function insertAfter(list: string[], previous: string | undefined, value: string): void {
  if (previous === undefined) {
    list.unshift(value);
    return;
  }
  const at = list.indexOf(previous);
  if (at >= 0) list.splice(at + 1, 0, value);
  else list.push(value);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
