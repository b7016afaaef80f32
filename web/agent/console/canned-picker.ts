/**
 * The canned replies picker: the replies in the chat's language, filtered as the agent types, inserted into
 * the composer for editing (never sent directly) with {customer} and {agent} filled in. Keyboard: arrows move,
 * Enter inserts, Escape closes.
 */
import type { Language } from '../../../src/core/language.ts';
import type { CannedReply } from '../../../src/handoff/console-protocol.ts';
import { directionOfLanguage } from '../../../src/rich-text/bidi-layout.ts';
import { bidiElement } from '../../shared/rich-text.ts';
import { h } from '../../widget/dom.ts';
import { fillCanned, foldForSearch, type CannedValues } from './canned-fill.ts';
import { t } from './i18n.ts';
import { languageName } from './labels.ts';

export interface CannedPickerOptions {
  readonly replies: (language: Language) => readonly CannedReply[];
  readonly onPick: (text: string) => void;
  readonly onClose: () => void;
}

export class CannedPicker {
  readonly element: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly heading: HTMLElement;
  private shown: CannedReply[] = [];
  private active = 0;
  private language: Language = 'en';
  private values: CannedValues = {};

  constructor(private readonly options: CannedPickerOptions) {
    this.heading = h('h3', { class: 'picker-title', id: 'canned-title' });
    this.list = h('ul', {
      class: 'picker-list',
      role: 'listbox',
      id: 'canned-list',
      'aria-labelledby': 'canned-title',
    });
    this.search = h('input', {
      type: 'search',
      class: 'picker-search',
      dir: 'auto',
      placeholder: t('canned.filter'),
      role: 'combobox',
      'aria-expanded': 'true',
      'aria-controls': 'canned-list',
      'aria-autocomplete': 'list',
      'aria-label': t('canned.filterLabel'),
    });
    this.element = h(
      'div',
      { class: 'canned-picker', role: 'dialog', 'aria-labelledby': 'canned-title', hidden: true },
      h(
        'div',
        { class: 'picker-head' },
        this.heading,
        h('span', { class: 'picker-note' }, t('canned.inserted')),
      ),
      this.search,
      this.list,
    );
    this.search.addEventListener('input', () => this.filter());
    this.search.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('focusout', (event) => {
      if (!this.element.contains(event.relatedTarget as Node | null)) this.close(false);
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  open(language: Language, values: CannedValues): void {
    this.language = language;
    this.values = values;
    this.heading.textContent = t('canned.title', { language: languageName(language) });
    this.search.value = '';
    this.search.lang = language;
    this.element.hidden = false;
    this.filter();
    this.search.focus();
  }

  close(returnFocus = true): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    if (returnFocus) this.options.onClose();
  }

  private filter(): void {
    const query = foldForSearch(this.search.value.trim());
    const all = this.options.replies(this.language);
    this.shown = query
      ? all.filter((r) => foldForSearch(`${r.id} ${r.title} ${r.text}`).includes(query))
      : [...all];
    this.active = 0;
    this.render();
  }

  private render(): void {
    if (this.shown.length === 0) {
      const note = this.options.replies(this.language).length === 0 ? t('canned.none') : t('canned.noMatch');
      this.list.replaceChildren(h('li', { class: 'picker-empty', role: 'presentation' }, note));
      this.search.removeAttribute('aria-activedescendant');
      return;
    }
    this.list.replaceChildren(
      ...this.shown.map((reply, index) => {
        const option = h(
          'li',
          {
            role: 'option',
            id: `canned-${index}`,
            class: `picker-option${index === this.active ? ' active' : ''}`,
            'aria-selected': index === this.active ? 'true' : 'false',
          },
          h('span', { class: 'option-title', dir: 'auto' }, reply.title),
          bidiElement(
            'span',
            fillCanned(reply.text, this.values),
            { fallback: directionOfLanguage(this.language) },
            { class: 'option-text', attrs: { lang: this.language } },
          ),
        );
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', () => this.pick(index));
        return option;
      }),
    );
    this.search.setAttribute('aria-activedescendant', `canned-${this.active}`);
    this.list.querySelector('.active')?.scrollIntoView({ block: 'nearest' });
  }

  private pick(index: number): void {
    const reply = this.shown[index];
    if (!reply) return;
    this.element.hidden = true;
    this.options.onPick(fillCanned(reply.text, this.values));
  }

  private onKey(event: KeyboardEvent): void {
    const count = this.shown.length;
    if (event.key === 'ArrowDown' && count > 0) this.active = (this.active + 1) % count;
    else if (event.key === 'ArrowUp' && count > 0) this.active = (this.active - 1 + count) % count;
    else if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      this.pick(this.active);
      return;
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      return;
    } else return;
    event.preventDefault();
    this.render();
  }
}
