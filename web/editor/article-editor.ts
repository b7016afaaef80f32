/**
 * One article open in the workspace: the front matter as a form (or the whole file as text), the body with
 * a live preview drawn as the widget draws it, and save, rename, delete. Saves name the version they were
 * made on; a conflict shows both versions (article-conflict.ts) and never overwrites unseen. A new
 * article (or a new translation, started from another language's fields) is created with the same form.
 */
import { isLanguage, LANGUAGES, type Language } from '../../src/core/language.ts';
import { isHamdelError } from '../../src/core/errors.ts';
import { readArticleForm, writeArticleText, type ArticleForm } from '../../src/knowledge/article-form.ts';
import { field, h, input, select } from '../shared/dom-builder.ts';
import { isolate } from '../shared/locale.ts';
import { bidiElement } from '../shared/rich-text.ts';
import { ApiError } from './api.ts';
import { conflictPanel } from './article-conflict.ts';
import { ArticleFieldsForm } from './article-fields-form.ts';
import { reapply } from './article-merge.ts';
import { answerPreview } from './article-preview.ts';
import {
  createArticle,
  deleteArticle,
  renameArticle,
  saveArticle,
  type ArticleRow,
  type ArticleSave,
} from './articles-api.ts';
import { ARTICLE_WORDS, LANGUAGE_NAMES, type ArticleWordKey } from './articles-words.ts';
import { attempt, type SectionContext } from './context.ts';
import { attachStyleMarks, type StyleMarks } from './style-marks.ts';
import { styleRules } from './style-rules-api.ts';

/** The draft as it would be saved: the file's language and id, and its whole text. */
export interface ArticleDraftText {
  readonly language: Language;
  readonly id: string;
  readonly text: string;
}

/** What to open: an article read from the server, or a new one (maybe a translation of another). */
export type EditorTarget =
  | {
      readonly kind: 'open';
      readonly language: Language;
      readonly id: string;
      readonly text: string;
      readonly version: string;
      /** Why the knowledge base leaves the file out, if it does. */
      readonly problem?: string | undefined;
    }
  | { readonly kind: 'new'; readonly language: Language; readonly id: string; readonly start?: ArticleForm };

export interface EditorHooks {
  /** After a create or rename: open this article (the view changes the hash). */
  readonly open: (language: Language, id: string) => void;
  /** After a delete or a discard: back to the list, where `notice` (if any) is shown. */
  readonly leave: (notice?: string) => void;
  /** The id's row in the list (its translations), for the links at the top. */
  readonly row?: ArticleRow | undefined;
}

type Translate = (key: ArticleWordKey, values?: Readonly<Record<string, string | number>>) => string;

export class ArticleEditor {
  readonly element: HTMLElement;
  /** Empty: "what would the bot answer?" is mounted here; told of draft changes by an `article-draft` event. */
  readonly tryPanel: HTMLElement;
  private language: Language;
  private id: string;
  /** The file as last read or saved; undefined for a new article. */
  private base: { text: string; version: string } | undefined;
  private mode: 'form' | 'text' = 'form';
  private readonly form: ArticleFieldsForm;
  private readonly text: HTMLTextAreaElement;
  private readonly preview: ReturnType<typeof answerPreview>;
  /** The text the form's changes are written onto: the base, or the text last edited as text. */
  private formBase: string | undefined;
  /** Created, renamed, deleted or discarded: nothing is unsaved any more. */
  private done = false;
  private readonly status = h('p', { class: 'status muted', attrs: { 'aria-live': 'polite' } });
  private readonly problem = h('p', { class: 'problem', attrs: { role: 'note' } });
  private readonly conflict = h('div', { class: 'conflict-holder' });
  private readonly modeButton: HTMLButtonElement;
  private readonly idInput: HTMLInputElement;
  private readonly languageSelect: HTMLSelectElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The business's phrases to avoid, marked in the body as it is typed (style-marks.ts). */
  private marks: StyleMarks | undefined;

  constructor(
    private readonly ctx: SectionContext,
    private readonly t: Translate,
    target: EditorTarget,
    private readonly hooks: EditorHooks,
  ) {
    this.language = target.language;
    this.id = target.id;
    this.base = target.kind === 'open' ? { text: target.text, version: target.version } : undefined;
    this.formBase = this.base?.text;
    const isNew = target.kind === 'new';
    this.form = new ArticleFieldsForm(t, this.language, () => this.changed());
    this.text = h('textarea', { class: 'file-source', attrs: { name: 'text', rows: '24', dir: 'ltr' } });
    this.text.addEventListener('input', () => this.changed());
    this.idInput = input('id', this.id, { dir: 'ltr', autocomplete: 'off' });
    this.idInput.readOnly = !isNew || (target.kind === 'new' && target.start !== undefined && this.id !== '');
    this.idInput.addEventListener('input', () => {
      this.id = this.idInput.value.trim();
      this.changed();
    });
    this.languageSelect = select(
      'language',
      LANGUAGES.map((lang) => [lang, LANGUAGE_NAMES[lang]]),
      this.language,
    );
    this.languageSelect.disabled = !isNew || this.idInput.readOnly;
    this.languageSelect.addEventListener('change', () => {
      if (isLanguage(this.languageSelect.value)) this.language = this.languageSelect.value;
      this.form.setLanguage(this.language);
      void this.markStyle();
      this.changed();
    });
    this.modeButton = h('button', {
      attrs: { type: 'button', name: 'mode' },
      on: { click: () => this.toggleMode() },
    });
    this.preview = answerPreview(t('preview'));
    this.tryPanel = h('div', { class: 'try-panel' });
    this.element = h(
      'div',
      { class: 'article-editor' },
      this.header(isNew),
      this.conflict,
      h(
        'div',
        { class: 'columns' },
        h(
          'form',
          { class: 'editing', attrs: { name: 'article', novalidate: '' } },
          h(
            'div',
            { class: 'grid' },
            field(t('field_id'), this.idInput),
            field(t('field_language'), this.languageSelect),
          ),
          this.form.element,
          this.text,
          this.problem,
          this.toolbar(isNew),
        ),
        h('aside', { class: 'beside' }, this.preview.element, this.tryPanel),
      ),
    );
    this.element.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 's') {
        event.preventDefault();
        void this.save();
      }
    });
    this.element.querySelector('form')?.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    const start =
      target.kind === 'open' ? readable(target.text) : (target.start ?? emptyForm(this.id, this.language));
    if (start) this.loadForm(start);
    else this.loadText(target.kind === 'open' ? target.text : '');
    if (target.kind === 'open') this.showProblem(target.problem);
    if (target.kind === 'open' && !start) {
      ctx.notify(t('file_unreadable', { reason: reasonOf(target.text) }), 'error');
    }
    void this.markStyle();
  }

  /** Marks the phrases to avoid in the body, with the rules of the article's language. */
  private async markStyle(): Promise<void> {
    const language = this.language;
    const rules = await styleRules(language).catch(() => undefined);
    if (rules === undefined || language !== this.language) return;
    this.marks?.();
    this.marks = attachStyleMarks(this.form.body, rules, language, { uiLanguage: this.ctx.language });
  }

  /** The draft as it would be saved now: language, id and the file's whole text. */
  draft(): ArticleDraftText {
    return { language: this.language, id: this.id, text: this.draftText() };
  }

  /** Whether the draft differs from the file as last read or saved (a new article: always). */
  dirty(): boolean {
    return !this.done && (this.base === undefined || this.draftText() !== this.base.text);
  }

  private draftText(): string {
    if (this.mode === 'text') return this.text.value;
    return writeArticleText(this.form.read(this.id, this.language), this.formBase);
  }

  private header(isNew: boolean): HTMLElement {
    const { t } = this;
    const row = this.hooks.row;
    const links = LANGUAGES.filter((lang) => lang !== this.language).map((lang) =>
      row?.translations[lang]
        ? h('a', {
            text: LANGUAGE_NAMES[lang],
            attrs: { href: `#articles/${lang}/${this.id}`, 'data-language': lang },
          })
        : h('a', {
            class: 'missing',
            text: `${LANGUAGE_NAMES[lang]} (${t('missing')})`,
            attrs: { href: `#articles/new/${lang}/${this.id}/${this.language}`, 'data-language': lang },
          }),
    );
    return h(
      'div',
      { class: 'article-header' },
      h('a', { class: 'back', text: t('all_articles'), attrs: { href: '#articles' } }),
      isNew
        ? null
        : h('code', {
            class: 'file',
            text: `articles/${this.language}/${this.id}.md`,
            attrs: { dir: 'ltr' },
          }),
      !isNew && row
        ? h('span', { class: 'translations' }, h('span', { text: t('translations') }), ...links)
        : null,
    );
  }

  private toolbar(isNew: boolean): HTMLElement {
    const { t } = this;
    const renameBox = h('span', { class: 'rename-box', attrs: { hidden: '' } });
    const renameTo = input('rename-to', '', {
      dir: 'ltr',
      'aria-label': t('rename_to'),
      placeholder: t('rename_to'),
    });
    renameBox.append(
      renameTo,
      h('button', {
        text: t('rename'),
        attrs: { type: 'button', name: 'rename-confirm' },
        on: { click: () => void this.rename(renameTo.value.trim()) },
      }),
    );
    return h(
      'div',
      { class: 'actions toolbar' },
      h('button', { text: t(isNew ? 'create' : 'save'), attrs: { type: 'submit', name: 'save' } }),
      this.modeButton,
      isNew
        ? null
        : h('button', {
            text: t('rename'),
            class: 'secondary',
            attrs: { type: 'button', name: 'rename' },
            on: {
              click: () => {
                renameBox.hidden = !renameBox.hidden;
                renameTo.value = this.id;
                renameTo.focus();
              },
            },
          }),
      renameBox,
      isNew
        ? null
        : h('button', {
            text: t('delete'),
            class: 'danger',
            attrs: { type: 'button', name: 'delete' },
            on: { click: () => void this.remove() },
          }),
      this.status,
    );
  }

  private loadForm(form: ArticleForm): void {
    this.mode = 'form';
    this.form.fill(form);
    this.showMode();
  }

  private loadText(text: string): void {
    this.mode = 'text';
    this.text.value = text;
    this.showMode();
  }

  private showMode(): void {
    this.form.element.hidden = this.mode === 'text';
    this.text.hidden = this.mode === 'form';
    this.modeButton.textContent = this.t(this.mode === 'form' ? 'edit_as_text' : 'edit_as_form');
    this.modeButton.className = 'secondary';
    this.changed(true);
  }

  private toggleMode(): void {
    if (this.mode === 'form') {
      this.loadText(this.draftText());
      return;
    }
    const form = readable(this.text.value);
    if (!form) {
      this.ctx.notify(this.t('file_unreadable', { reason: reasonOf(this.text.value) }), 'error');
      return;
    }
    // The text may hold more than the form shows (comments, other fields): the form now edits on it.
    this.formBase = this.text.value;
    this.loadForm(form);
  }

  /** Something changed: the preview now, the status and the check a moment later. */
  private changed(now = false): void {
    const body = this.mode === 'form' ? this.form.body.value : (readable(this.text.value)?.body ?? '');
    this.preview.draw(body, this.language);
    this.marks?.refresh();
    clearTimeout(this.timer);
    const later = () => {
      this.showStatus();
      this.tryPanel.dispatchEvent(new CustomEvent('article-draft', { detail: this.draft() }));
    };
    if (now) later();
    else this.timer = setTimeout(later, 150);
  }

  private showStatus(): void {
    const dirty = this.dirty();
    this.status.textContent = this.t(dirty ? 'unsaved' : 'no_changes');
    this.status.classList.toggle('dirty', dirty);
  }

  /** Why the knowledge base would refuse the file (as opened, or as last sent); nothing when empty. */
  private showProblem(reason: string | undefined): void {
    this.problem.replaceChildren(
      reason ? bidiElement('span', this.t('kb_refuses', { reason }), { fallback: 'ltr' }) : '',
    );
  }

  private save(): Promise<boolean> {
    const { t, ctx } = this;
    return attempt(
      ctx,
      async () => {
        const save: ArticleSave =
          this.mode === 'form' && this.formBase === this.base?.text
            ? { ...this.form.read(this.id, this.language) }
            : { text: this.draftText() };
        if (!this.base) {
          await this.refusedWhy(() => createArticle(this.language, this.id, save));
          this.done = true;
          ctx.notify(t('created'));
          this.hooks.open(this.language, this.id);
          return;
        }
        try {
          const saved = await this.refusedWhy(() =>
            saveArticle(this.language, this.id, save, this.base?.version ?? ''),
          );
          this.settle(saved);
          ctx.notify(t('saved'));
        } catch (error) {
          if (error instanceof ApiError && error.code === 'CONTENT_CONFLICT') {
            this.showConflict(error.details.current as { text: string; version: string } | null);
          }
          throw error;
        }
      },
      (code) => explain(t, code),
    );
  }

  /** Runs a save; when the knowledge base's parser refuses the article, its reason is shown by the form. */
  private async refusedWhy<T>(send: () => Promise<T>): Promise<T> {
    try {
      const result = await send();
      this.showProblem(undefined);
      return result;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ARTICLE_INVALID') {
        this.showProblem(String(error.details.reason ?? error.message));
      }
      throw error;
    }
  }

  /** The file as the server now has it becomes the base; the form shows it as saved. */
  private settle(file: { text: string; version: string }): void {
    this.base = { text: file.text, version: file.version };
    this.formBase = file.text;
    this.conflict.replaceChildren();
    const form = readable(file.text);
    if (this.mode === 'form' && form) this.loadForm(form);
    else this.loadText(file.text);
  }

  private showConflict(current: { text: string; version: string } | null): void {
    const mine = this.draftText();
    this.conflict.replaceChildren(
      conflictPanel(this.t, mine, current, {
        takeDisk: () => {
          if (current) this.settle(current);
          window.scrollTo({ top: 0 });
        },
        reapply: () => {
          if (current) this.reapplyOn(current, mine);
          window.scrollTo({ top: 0 });
        },
        recreate: () =>
          void attempt(
            this.ctx,
            async () => {
              await createArticle(this.language, this.id, { text: mine });
              this.done = true;
              this.hooks.open(this.language, this.id);
            },
            (code) => explain(this.t, code),
          ),
        discard: () => {
          this.done = true;
          this.hooks.leave();
        },
      }),
    );
    this.conflict.scrollIntoView({ block: 'nearest' });
  }

  /** Their changes since the version they opened, replayed on the disk's version; then they check and save. */
  private reapplyOn(current: { text: string; version: string }, mine: string): void {
    const { t, ctx } = this;
    const base = this.base ? readable(this.base.text) : undefined;
    const ours = readable(mine);
    const disk = readable(current.text);
    this.base = { text: current.text, version: current.version };
    this.formBase = current.text;
    this.conflict.replaceChildren();
    if (!base || !ours || !disk) {
      this.loadText(mine); // no form to merge by: their text, to be saved over the disk's knowingly
      ctx.notify(t('reapplied'));
      return;
    }
    const merged = reapply(base, ours, disk);
    if (this.mode === 'form') this.loadForm(merged.form);
    else this.loadText(writeArticleText(merged.form, current.text));
    const names = merged.clashes.map((name) => fieldLabel(t, name)).join('، ');
    ctx.notify(
      merged.clashes.length > 0 ? `${t('reapplied')} ${t('clashes', { fields: names })}` : t('reapplied'),
    );
  }

  private async rename(to: string): Promise<void> {
    const { t, ctx, base } = this;
    if (!base || to === '' || to === this.id) return;
    if (this.dirty() && !window.confirm(t('leave_unsaved'))) return;
    await attempt(
      ctx,
      async () => {
        try {
          await renameArticle(this.language, this.id, to, base.version);
        } catch (error) {
          if (error instanceof ApiError && error.code === 'CONTENT_CONFLICT') {
            this.showConflict(error.details.current as { text: string; version: string } | null);
          }
          throw error;
        }
        this.done = true;
        ctx.notify(t('renamed'));
        this.hooks.open(this.language, to);
      },
      (code) => explain(t, code),
    );
  }

  private async remove(): Promise<void> {
    const { t, ctx, base } = this;
    if (!base) return;
    const question = t('confirm_delete', { id: isolate(this.id), language: LANGUAGE_NAMES[this.language] });
    if (!window.confirm(question)) return;
    await attempt(
      ctx,
      async () => {
        try {
          await deleteArticle(this.language, this.id, base.version);
        } catch (error) {
          if (error instanceof ApiError && error.code === 'CONTENT_CONFLICT') {
            this.showConflict(error.details.current as { text: string; version: string } | null);
          }
          throw error;
        }
        this.done = true;
        this.hooks.leave(t('deleted'));
      },
      (code) => explain(t, code),
    );
  }
}

function readable(text: string): ArticleForm | undefined {
  try {
    return readArticleForm(text);
  } catch {
    return undefined;
  }
}

function reasonOf(text: string): string {
  try {
    readArticleForm(text);
    return '';
  } catch (error) {
    return isHamdelError(error) ? String(error.context.reason ?? error.message) : String(error);
  }
}

function emptyForm(id: string, language: Language): ArticleForm {
  return {
    fields: { id, language, title: '', questions: [], tags: [], needs_person: false, skills: [] },
    body: '',
  };
}

/** A field's name as the form labels it (for the fields both sides changed). */
function fieldLabel(t: Translate, name: string): string {
  const key = `field_${name}`;
  return key in ARTICLE_WORDS.en ? t(key as ArticleWordKey) : name;
}

/** The section's words for an API error code, when it has them. */
export function explain(t: Translate, code: string): string | undefined {
  const key = `err_${code}`;
  return key in ARTICLE_WORDS.en ? t(key as ArticleWordKey) : undefined;
}
