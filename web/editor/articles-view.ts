/**
 * The articles section (#articles): the list, one article (#articles/<language>/<id>, so a reload opens
 * the same article), a new article (#articles/new) or a new translation started from another language's
 * fields (#articles/new/<language>/<id>/<from language>). The shell redraws the section when the hash is
 * just `#articles`; the places below it are followed here. An article with unsaved changes asks before it
 * is left (another article, the list, closing the tab).
 *
 * For "what would the bot answer?": `articleDraft()` gives the open article's draft as it would be saved
 * (`{language, id, text}`, text the whole file); the `.try-panel` beside the preview holds
 * `renderTryPanel` (try-view.ts), asked again on each `article-draft` event (the draft changed).
 */
import { isLanguage, type Language } from '../../src/core/language.ts';
import { translator } from '../shared/locale.ts';
import { ArticleEditor, type ArticleDraftText, type EditorTarget } from './article-editor.ts';
import { renderArticleList } from './article-list-view.ts';
import { listArticles, openArticle, type ArticleRow } from './articles-api.ts';
import { ARTICLE_WORDS } from './articles-words.ts';
import { attempt, type Section, type SectionContext } from './context.ts';
import { renderTryPanel } from './try-view.ts';

let mounted: { root: HTMLElement; ctx: SectionContext } | undefined;
let editor: ArticleEditor | undefined;
/** The hash last shown, to put back when the editor chooses to stay on unsaved changes. */
let shownHash = '';
let listening = false;
/** Said on the list once it is shown (after a delete: the shell clears notices when it redraws). */
let pendingNotice: string | undefined;

/** The open article's draft as it would be saved (`text`: the whole file), or undefined on the list. */
export function articleDraft(): ArticleDraftText | undefined {
  return editor?.draft();
}

/** The open article's panel for "what would the bot answer?" (empty until that section mounts into it). */
export function articleTryPanel(): HTMLElement | undefined {
  return editor?.tryPanel;
}

export const renderArticles: Section = async (root, ctx) => {
  mounted = { root, ctx };
  if (!listening) {
    listening = true;
    window.addEventListener('hashchange', () => {
      if (location.hash.startsWith('#articles/') && location.hash !== shownHash && mounted) {
        void attempt(mounted.ctx, () => show(false));
      }
    });
    window.addEventListener('beforeunload', (event) => {
      if (editor?.dirty() && location.hash.startsWith('#articles')) event.preventDefault();
    });
  }
  await show(true);
};

async function show(redrawn: boolean): Promise<void> {
  if (!mounted) return;
  const { root, ctx } = mounted;
  const t = translator(ARTICLE_WORDS, ctx.language);
  if (editor?.dirty() && location.hash !== shownHash && !window.confirm(t('leave_unsaved'))) {
    history.replaceState(null, '', shownHash);
    if (redrawn) root.replaceChildren(editor.element); // the shell cleared it: the draft comes back
    return;
  }
  shownHash = location.hash;
  editor = undefined;
  const [, first, second, third, fourth] = location.hash.replace(/^#/, '').split('/');
  const openHere = (language: Language, id: string) => {
    location.hash = `#articles/${language}/${id}`;
  };
  const hooks = (row: ArticleRow | undefined) => ({
    open: openHere,
    leave: (notice?: string) => {
      pendingNotice = notice;
      location.hash = '#articles';
    },
    row,
  });
  let target: EditorTarget | undefined;
  let row: ArticleRow | undefined;
  if (first === 'new') {
    const language = isLanguage(second) ? second : isLanguage(ctx.language) ? ctx.language : 'en';
    const id = third ?? '';
    const from = isLanguage(fourth) && id !== '' ? await openArticle(fourth, id) : undefined;
    const start = from?.fields ? { fields: { ...from.fields, language }, body: from.body ?? '' } : undefined;
    target = { kind: 'new', language, id, ...(start ? { start } : {}) };
  } else if (isLanguage(first) && second) {
    const [article, rows] = await Promise.all([openArticle(first, second), listArticles({ q: second })]);
    row = rows.find((r) => r.id === second);
    target = {
      kind: 'open',
      language: first,
      id: second,
      text: article.text,
      version: article.version,
      problem: article.problem,
    };
  }
  if (shownHash !== location.hash) return; // the reader moved on while this loaded
  if (!target) {
    await renderArticleList(root, ctx, t);
    if (pendingNotice) ctx.notify(pendingNotice);
    pendingNotice = undefined;
    return;
  }
  const opened = new ArticleEditor(ctx, t, target, hooks(row));
  editor = opened;
  // "What would the bot answer?" beside the preview: with unsaved changes, the draft beside the published.
  const tryPanel = renderTryPanel(opened.tryPanel, ctx, () => (opened.dirty() ? opened.draft() : undefined));
  opened.tryPanel.addEventListener('article-draft', () => tryPanel.refresh());
  root.replaceChildren(opened.element);
}
