/**
 * The page shell of the consoles made of sections (the admin console, the editor's workspace): the header
 * with the title, one link per section (`#<name>`), the way to the agent console and the language picker;
 * a notice line; and `main`, where the section named by the hash is drawn. A section may keep its own
 * place after a slash (#articles/fa/returns) and redraw itself for it; the shell redraws on a change of
 * section or on a bare `#<name>`.
 */
import { h } from './dom-builder.ts';
import { languagePicker } from './language-choice.ts';
import { applyLanguage, type UiLanguage } from './locale.ts';

/** Shows a notice above the section (`error` in red); an empty text clears it. */
export type Notify = (text: string, kind?: 'ok' | 'error') => void;

export interface SectionShell {
  readonly language: UiLanguage;
  /** Where the reader's choice of language is kept; choosing another starts the page again with `restart`. */
  readonly languageKey: string;
  readonly restart: (language: UiLanguage) => void;
  /** Each language's name in itself, for the picker. */
  readonly languageNames: Readonly<Record<UiLanguage, string>>;
  readonly words: {
    readonly title: string;
    readonly language: string;
    readonly loading: string;
    readonly toAgentConsole: string;
  };
  /** The sections in the navigation's order, with their links' words. */
  readonly sections: readonly { readonly name: string; readonly label: string }[];
  /** Draws section `name` into `main` (errors are the page's to show, through `notify`). */
  readonly render: (name: string, main: HTMLElement, notify: Notify) => void;
}

export function startSectionShell(o: SectionShell): void {
  applyLanguage(document.documentElement, o.language);
  document.title = `${o.words.title} · hamdel`;
  const names = new Set(o.sections.map((section) => section.name));
  const sectionOf = (hash: string): string => {
    const name = hash.replace(/^#/, '').split('/')[0] ?? '';
    return names.has(name) ? name : (o.sections[0]?.name ?? '');
  };
  const notice = h('div', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  const notify: Notify = (text, kind = 'ok') => {
    notice.textContent = text;
    notice.className = text === '' ? 'notice' : `notice ${kind}`;
  };
  const main = h('main', { attrs: { id: 'section' } });
  const picker = languagePicker('language', o.languageNames, o.language, o.languageKey, o.restart);
  const nav = h(
    'nav',
    {},
    ...o.sections.map(({ name, label }) =>
      h('a', { text: label, attrs: { href: `#${name}`, 'data-section': name } }),
    ),
  );
  let shown = '';
  const show = () => {
    const section = sectionOf(location.hash);
    if (section === shown && location.hash.includes('/')) return;
    shown = section;
    for (const link of nav.querySelectorAll('a')) {
      link.classList.toggle('current', link.dataset.section === section);
    }
    notify('');
    main.replaceChildren(h('p', { class: 'muted', text: o.words.loading }));
    o.render(section, main, notify);
  };
  window.onhashchange = show;
  document.body.replaceChildren(
    h(
      'header',
      {},
      h('h1', { text: o.words.title }),
      nav,
      h('a', { class: 'to-agent', text: o.words.toAgentConsole, attrs: { href: '/agent/' } }),
      h('label', { class: 'language' }, h('span', { text: o.words.language }), picker),
    ),
    notice,
    main,
  );
  show();
}
