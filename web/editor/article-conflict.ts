/**
 * A save refused because the file changed on disk (CONTENT_CONFLICT): the editor's text and the disk's side
 * by side, the lines that differ marked, and the choices: take the disk's version, or reapply theirs on top
 * of it; when the file was deleted meanwhile, create it again with theirs, or discard theirs. Nothing is
 * overwritten until they choose and save.
 */
import { diffLists } from '../../src/core/list-diff.ts';
import { h } from '../shared/dom-builder.ts';
import type { ArticleWordKey } from './articles-words.ts';

export interface ConflictActions {
  readonly takeDisk: () => void;
  readonly reapply: () => void;
  readonly recreate: () => void;
  readonly discard: () => void;
}

export function conflictPanel(
  t: (key: ArticleWordKey) => string,
  mine: string,
  disk: { readonly text: string } | null,
  actions: ConflictActions,
): HTMLElement {
  const button = (key: ArticleWordKey, name: string, run: () => void, danger = false) =>
    h('button', {
      text: t(key),
      class: danger ? 'danger' : '',
      attrs: { type: 'button', name },
      on: { click: run },
    });
  if (!disk) {
    return h(
      'section',
      { class: 'conflict card', attrs: { role: 'alert' } },
      h('h3', { text: t('conflict_gone') }),
      fileColumns(t, mine, undefined),
      h(
        'div',
        { class: 'actions' },
        button('recreate', 'recreate', actions.recreate),
        button('discard', 'discard', actions.discard, true),
      ),
    );
  }
  return h(
    'section',
    { class: 'conflict card', attrs: { role: 'alert' } },
    h('h3', { text: t('conflict_title') }),
    h('p', { text: t('conflict_help') }),
    fileColumns(t, mine, disk.text),
    h(
      'div',
      { class: 'actions' },
      button('take_disk', 'take-disk', actions.takeDisk),
      button('reapply_mine', 'reapply', actions.reapply),
    ),
  );
}

/** The two files, line by line, each line in its own direction; lines the other side lacks are marked. */
function fileColumns(
  t: (key: ArticleWordKey) => string,
  mine: string,
  disk: string | undefined,
): HTMLElement {
  const mineLines = mine.split('\n');
  const diskLines = disk?.split('\n') ?? [];
  const kept = { mine: new Set<number>(), disk: new Set<number>() };
  for (const edit of diffLists(mineLines, diskLines)) {
    if (edit.kind === 'keep') {
      kept.mine.add(edit.from);
      kept.disk.add(edit.to);
    }
  }
  const column = (label: string, name: string, lines: readonly string[], same: ReadonlySet<number>) =>
    h(
      'div',
      { class: 'side', attrs: { 'data-side': name } },
      h('h4', { text: label }),
      h(
        'div',
        { class: 'file-text' },
        ...lines.map((line, i) =>
          h('div', {
            class: same.has(i) ? 'line' : 'line differs',
            text: line || ' ',
            attrs: { dir: 'auto' },
          }),
        ),
      ),
    );
  return h(
    'div',
    { class: 'sides' },
    column(t('yours'), 'mine', mineLines, kept.mine),
    disk === undefined ? null : column(t('on_disk'), 'disk', diskLines, kept.disk),
  );
}
