/**
 * The console's keyboard shortcuts, and the help tooltip that lists them. Alt shortcuts are matched on the
 * physical key (event.code), so they work with a Persian or Arabic keyboard layout too.
 */
import { t, type ConsoleKey } from './i18n.ts';
import { h } from '../../widget/dom.ts';
import { CONSOLE_ICONS, icon } from './icons.ts';

export interface ShortcutHandlers {
  readonly takeNext: () => void;
  readonly previousChat: () => void;
  readonly nextChat: () => void;
  readonly chatNumber: (n: number) => void;
  readonly cannedReplies: () => void;
  readonly focusComposer: () => void;
}

export const SHORTCUTS: readonly (readonly [keys: string, what: ConsoleKey])[] = [
  ['Enter', 'shortcuts.send'],
  ['Shift + Enter', 'shortcuts.newLine'],
  ['Alt + R', 'shortcuts.canned'],
  ['Alt + N', 'shortcuts.takeNext'],
  ['Alt + ↑ / Alt + ↓', 'shortcuts.move'],
  ['Alt + 1…9', 'shortcuts.number'],
  ['Alt + C', 'shortcuts.focus'],
  ['Esc', 'shortcuts.escape'],
];

export function installShortcuts(handlers: ShortcutHandlers): void {
  document.addEventListener('keydown', (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const digit = /^Digit([1-9])$/.exec(event.code);
    let handled = true;
    if (event.code === 'KeyN') handlers.takeNext();
    else if (event.code === 'KeyR') handlers.cannedReplies();
    else if (event.code === 'KeyC') handlers.focusComposer();
    else if (event.code === 'ArrowUp') handlers.previousChat();
    else if (event.code === 'ArrowDown') handlers.nextChat();
    else if (digit?.[1]) handlers.chatNumber(Number(digit[1]));
    else handled = false;
    if (handled) event.preventDefault();
  });
}

/** A "?" button whose tooltip (on hover, focus or click) lists the shortcuts. */
export function shortcutHelp(): HTMLElement {
  const tooltip = h(
    'div',
    { class: 'help-tooltip', role: 'tooltip', id: 'shortcut-help' },
    h('p', { class: 'help-title' }, t('shortcuts.title')),
    h(
      'dl',
      {},
      ...SHORTCUTS.flatMap(([keys, what]) => [
        h('dt', { dir: 'ltr' }, ...keyCaps(keys)),
        h('dd', {}, t(what)),
      ]),
    ),
  );
  const button = h(
    'button',
    {
      type: 'button',
      class: 'icon-button help-button',
      'aria-label': t('shortcuts.title'),
      'aria-describedby': 'shortcut-help',
      'aria-expanded': 'false',
    },
    icon(CONSOLE_ICONS.help),
  );
  const wrapper = h('div', { class: 'help' }, button, tooltip);
  const setOpen = (open: boolean): void => {
    wrapper.classList.toggle('open', open);
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  };
  button.addEventListener('click', () => setOpen(!wrapper.classList.contains('open')));
  wrapper.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') setOpen(false);
  });
  wrapper.addEventListener('focusout', (event) => {
    if (!wrapper.contains(event.relatedTarget as Node | null)) setOpen(false);
  });
  return wrapper;
}

function keyCaps(keys: string): (HTMLElement | string)[] {
  return keys.split(/(\s[+/]\s)/).map((part) => (/^\s[+/]\s$/.test(part) ? part : h('kbd', {}, part)));
}
