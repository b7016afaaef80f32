/**
 * The business's style under the editor's fingers: `attachStyleMarks(textarea, rules, language)` marks
 * every phrase to avoid (src/knowledge/style-check.ts, the same matching content:check uses) as the
 * editor types. Three things show it:
 * - marks behind the text: a mirror of the textarea (same font, padding, wrapping and direction, its text
 *   transparent) sits behind it with a `<mark>` under each phrase, and scrolls with it;
 * - the suggestion for the phrase the caret is in, in a status line under the textarea (read out by
 *   screen readers);
 * - the list of every phrase with what to write instead; a click selects the phrase in the textarea.
 * Right to left works as the textarea does: the mirror copies its direction and bidi rules (`dir="auto"`
 * per paragraph too). The words are the reader's (`uiLanguage`, default the page's `<html lang>`).
 * Returns what takes it all away again and leaves the textarea as it was; its `refresh()` checks again
 * after the page set the textarea's value itself (typing is followed on its own).
 */
import type { Language } from '../../src/core/language.ts';
import { findStyleIssues, type StyleIssue, type StyleRules } from '../../src/knowledge/style-check.ts';
import { h } from '../shared/dom-builder.ts';
import { isUiLanguage, translator, type UiLanguage } from '../shared/locale.ts';
import { STYLE_WORDS } from './style-words.ts';

export interface StyleMarksOptions {
  /** The reader's language for the words around the marks (default: the page's `lang`, else English). */
  readonly uiLanguage?: UiLanguage;
  /** Told after each check, with the phrases found (e.g. to warn before saving). */
  readonly onIssues?: (issues: readonly StyleIssue[]) => void;
}

/** What the mirror copies from the textarea so that its text lays out exactly the same way. */
const COPIED = [
  'box-sizing',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'font-feature-settings',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'text-transform',
  'text-indent',
  'text-align',
  'tab-size',
  'white-space',
  'word-break',
  'overflow-wrap',
  'direction',
  'unicode-bidi',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border-top-width',
  'border-right-width',
  'border-bottom-width',
  'border-left-width',
  'border-top-style',
  'border-right-style',
  'border-bottom-style',
  'border-left-style',
] as const;

/** Detaches the marks (call it); `refresh()` checks the text again. */
export type StyleMarks = (() => void) & { readonly refresh: () => void };

export function attachStyleMarks(
  textarea: HTMLTextAreaElement,
  rules: StyleRules,
  language: Language,
  options: StyleMarksOptions = {},
): StyleMarks {
  const pageLanguage = document.documentElement.lang;
  const ui = options.uiLanguage ?? (isUiLanguage(pageLanguage) ? pageLanguage : 'en');
  const t = translator(STYLE_WORDS, ui);

  const mirror = h('div', { class: 'style-mirror', attrs: { 'aria-hidden': 'true' } });
  const frame = h('div', { class: 'style-marks' });
  const hint = h('p', { class: 'style-hint', attrs: { role: 'status', 'aria-live': 'polite' } });
  const list = h('ul', { class: 'style-issues', attrs: { 'aria-label': t('list_label') } });
  const summary = h('p', { class: 'style-summary muted' });
  const after = h('div', { class: 'style-report' }, hint, summary, list);

  const parent = textarea.parentNode;
  const next = textarea.nextSibling;
  const saved = { background: textarea.style.background, position: textarea.style.position };
  parent?.insertBefore(frame, textarea);
  frame.append(mirror, textarea);
  frame.after(after);
  // The marks show through the textarea: its background moves to the frame behind both.
  frame.style.background = getComputedStyle(textarea).backgroundColor;
  textarea.style.background = 'transparent';
  textarea.style.position = 'relative';

  let issues: StyleIssue[] = [];
  let frameRequest = 0;
  /** The text last checked and the issues last listed: nothing is redrawn when they did not change. */
  let checked: string | undefined;
  let listed = '';

  const layout = () => {
    const style = getComputedStyle(textarea);
    for (const name of COPIED) mirror.style.setProperty(name, style.getPropertyValue(name));
    mirror.dir = textarea.dir;
    mirror.lang = textarea.lang;
    mirror.style.borderColor = 'transparent';
    mirror.style.width = `${textarea.offsetWidth}px`;
    mirror.style.height = `${textarea.offsetHeight}px`;
    mirror.style.top = `${textarea.offsetTop}px`;
    mirror.style.left = `${textarea.offsetLeft}px`;
    // A vertical scrollbar narrows the textarea's text: the mirror's text narrows on the same side.
    const borders = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
    const scrollbar = Math.max(0, textarea.offsetWidth - textarea.clientWidth - borders);
    const side = style.direction === 'rtl' ? 'padding-left' : 'padding-right';
    mirror.style.setProperty(side, `${parseFloat(style.getPropertyValue(side)) + scrollbar}px`);
    mirror.scrollTop = textarea.scrollTop;
    mirror.scrollLeft = textarea.scrollLeft;
  };

  const drawMirror = () => {
    const text = textarea.value;
    const parts: (Node | string)[] = [];
    let at = 0;
    for (const issue of issues) {
      parts.push(text.slice(at, issue.start));
      parts.push(h('mark', { class: 'style-mark', text: text.slice(issue.start, issue.end) }));
      at = issue.end;
    }
    // A last line that ends in a newline needs a character to take its height, as the textarea's does.
    parts.push(`${text.slice(at)}\u200b`);
    mirror.replaceChildren(...parts);
  };

  const select = (issue: StyleIssue) => {
    textarea.focus();
    textarea.setSelectionRange(issue.start, issue.end);
    showHint();
  };

  const drawList = () => {
    const key = issues.map((i) => `${i.start}:${i.end}:${i.rule}`).join(' ');
    if (key === listed && checked !== undefined) return; // the buttons stay (one may be under the pointer)
    listed = key;
    summary.textContent = issues.length === 0 ? t('none') : t('count', { count: issues.length });
    list.replaceChildren(
      ...issues.map((issue) =>
        h(
          'li',
          { attrs: { title: issue.note ?? '' } },
          h('button', {
            class: 'style-phrase',
            text: issue.phrase,
            attrs: { type: 'button', dir: 'auto', 'aria-label': t('select', { phrase: issue.phrase }) },
            on: { click: () => select(issue) },
          }),
          h('span', { class: 'style-instead', text: ` ${t('instead')} ${issue.instead}` }),
        ),
      ),
    );
  };

  /** The suggestion for the phrase the caret (or the selection) is in. */
  const showHint = () => {
    const from = textarea.selectionStart;
    const to = textarea.selectionEnd;
    const issue = issues.find((i) => from <= i.end && to >= i.start);
    hint.textContent =
      issue === undefined || document.activeElement !== textarea
        ? ''
        : t('hint', { phrase: issue.phrase, instead: issue.instead });
    hint.title = issue?.note ?? '';
  };

  const check = () => {
    frameRequest = 0;
    if (textarea.value === checked) return;
    issues = findStyleIssues(textarea.value, rules, language);
    drawMirror();
    drawList();
    checked = textarea.value;
    layout();
    showHint();
    options.onIssues?.(issues);
  };
  const schedule = () => {
    if (frameRequest === 0) frameRequest = requestAnimationFrame(check);
  };
  const scroll = () => {
    mirror.scrollTop = textarea.scrollTop;
    mirror.scrollLeft = textarea.scrollLeft;
  };

  textarea.addEventListener('input', schedule);
  textarea.addEventListener('scroll', scroll);
  for (const type of ['keyup', 'click', 'focus', 'blur', 'select'] as const) {
    textarea.addEventListener(type, showHint);
  }
  const resized = new ResizeObserver(() => layout());
  resized.observe(textarea);
  check();

  const detach = () => {
    cancelAnimationFrame(frameRequest);
    resized.disconnect();
    textarea.removeEventListener('input', schedule);
    textarea.removeEventListener('scroll', scroll);
    for (const type of ['keyup', 'click', 'focus', 'blur', 'select'] as const) {
      textarea.removeEventListener(type, showHint);
    }
    textarea.style.background = saved.background;
    textarea.style.position = saved.position;
    if (parent !== null) parent.insertBefore(textarea, next && next.parentNode === parent ? next : frame);
    frame.remove();
    after.remove();
  };
  return Object.assign(detach, { refresh: check });
}
