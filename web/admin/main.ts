/**
 * The admin console (/admin/): agents, teams and hours, routing rules and the audit log, over the admin
 * API. Persian, Arabic or English as the admin chooses (kept in localStorage), right to left for the
 * first two, numbers and dates in the reader's digits and calendar (web/shared/locale.ts).
 */
import { languagePicker, startingLanguage } from '../shared/language-choice.ts';
import { applyLanguage, translator, type UiLanguage } from '../shared/locale.ts';
import { renderAgents } from './agents-view.ts';
import { renderAudit } from './audit-view.ts';
import { renderCallbacks } from './callbacks-view.ts';
import { renderCanned } from './canned-view.ts';
import { attempt, type ViewContext } from './context.ts';
import { h } from '../shared/dom-builder.ts';
import { renderRouting } from './routing-view.ts';
import { renderSlack } from './slack-view.ts';
import { renderTeams } from './teams-view.ts';
import { WORDS } from './words.ts';

const LANGUAGE_KEY = 'hamdel.admin.language';
const SECTIONS = {
  agents: renderAgents,
  teams: renderTeams,
  routing: renderRouting,
  canned: (root: HTMLElement, ctx: ViewContext) => renderCanned(root, ctx),
  slack: renderSlack,
  callbacks: renderCallbacks,
  audit: renderAudit,
} as const;
type Section = keyof typeof SECTIONS;

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
  const names = { fa: WORDS.fa.lang_fa, ar: WORDS.ar.lang_ar, en: WORDS.en.lang_en };
  const picker = languagePicker('language', names, language, LANGUAGE_KEY, start);
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

start(startingLanguage(LANGUAGE_KEY));
