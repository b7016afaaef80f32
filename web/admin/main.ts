/**
 * The admin console (/admin/): agents, teams and hours, routing rules and the audit log, over the admin
 * API. Persian, Arabic or English as the admin chooses (kept in localStorage), right to left for the
 * first two, numbers and dates in the reader's digits and calendar (web/shared/locale.ts).
 */
import {
  applyLanguage,
  isUiLanguage,
  preferredLanguage,
  translator,
  type UiLanguage,
} from '../shared/locale.ts';
import { renderAgents } from './agents-view.ts';
import { renderAudit } from './audit-view.ts';
import { renderCanned } from './canned-view.ts';
import { attempt, type ViewContext } from './context.ts';
import { h, select } from './dom.ts';
import { renderRouting } from './routing-view.ts';
import { renderSlack } from './slack-view.ts';
import { renderTeams } from './teams-view.ts';
import { WORDS, type WordKey } from './words.ts';

const LANGUAGE_KEY = 'hamdel.admin.language';
const SECTIONS = {
  agents: renderAgents,
  teams: renderTeams,
  routing: renderRouting,
  canned: (root: HTMLElement, ctx: ViewContext) => renderCanned(root, ctx),
  slack: renderSlack,
  audit: renderAudit,
} as const;
type Section = keyof typeof SECTIONS;

function savedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

function sectionOf(hash: string): Section {
  const name = hash.replace(/^#/, '');
  return name in SECTIONS ? (name as Section) : 'agents';
}

function start(language: UiLanguage): void {
  applyLanguage(document.documentElement, language);
  const t = translator(WORDS, language);
  document.title = `${t('title')} · hamdel`;
  const notice = h('div', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  const main = h('main', { attrs: { id: 'section' } });
  const ctx: ViewContext = {
    language,
    t,
    notify(text, kind = 'ok') {
      notice.textContent = text;
      notice.className = `notice ${kind}`;
    },
  };
  const picker = select(
    'language',
    (['fa', 'ar', 'en'] as const).map((l) => [l, WORDS[l][`lang_${l}` as WordKey]]),
    language,
  );
  picker.addEventListener('change', () => {
    if (!isUiLanguage(picker.value)) return;
    try {
      localStorage.setItem(LANGUAGE_KEY, picker.value);
    } catch {
      // a private window: the choice lasts for this page only
    }
    start(picker.value);
  });
  const nav = h(
    'nav',
    {},
    ...(Object.keys(SECTIONS) as Section[]).map((name) =>
      h('a', { text: t(`nav_${name}`), attrs: { href: `#${name}`, 'data-section': name } }),
    ),
  );
  const show = () => {
    const section = sectionOf(location.hash);
    for (const link of nav.querySelectorAll('a')) {
      link.classList.toggle('current', link.dataset.section === section);
    }
    notice.textContent = '';
    notice.className = 'notice';
    main.replaceChildren(h('p', { class: 'muted', text: t('loading') }));
    void attempt(ctx, () => SECTIONS[section](main, ctx));
  };
  window.onhashchange = show;
  document.body.replaceChildren(
    h(
      'header',
      {},
      h('h1', { text: t('title') }),
      nav,
      h('a', { class: 'to-agent', text: t('to_agent_console'), attrs: { href: '/agent/' } }),
      h('label', { class: 'language' }, h('span', { text: t('language') }), picker),
    ),
    notice,
    main,
  );
  show();
}

start(preferredLanguage(savedLanguage(), navigator.languages ?? [navigator.language]));
