/**
 * The admin console (/admin/): agents, teams and hours, routing rules and the audit log, over the admin
 * API. Persian, Arabic or English as the admin chooses (kept in localStorage), right to left for the
 * first two, numbers and dates in the reader's digits and calendar (web/shared/locale.ts).
 */
import { startingLanguage } from '../shared/language-choice.ts';
import { translator, type UiLanguage } from '../shared/locale.ts';
import { startSectionShell } from '../shared/section-shell.ts';
import { renderAgents } from './agents-view.ts';
import { renderAudit } from './audit-view.ts';
import { renderCallbacks } from './callbacks-view.ts';
import { renderCanned } from './canned-view.ts';
import { attempt, type ViewContext } from './context.ts';
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

function start(language: UiLanguage): void {
  const t = translator(WORDS, language);
  startSectionShell({
    language,
    languageKey: LANGUAGE_KEY,
    restart: start,
    languageNames: { fa: WORDS.fa.lang_fa, ar: WORDS.ar.lang_ar, en: WORDS.en.lang_en },
    words: {
      title: t('title'),
      language: t('language'),
      loading: t('loading'),
      toAgentConsole: t('to_agent_console'),
    },
    sections: (Object.keys(SECTIONS) as Section[]).map((name) => ({ name, label: t(`nav_${name}`) })),
    render(name, main, notify) {
      const ctx: ViewContext = { language, t, notify };
      void attempt(ctx, () => SECTIONS[name as Section](main, ctx));
    },
  });
}

start(startingLanguage(LANGUAGE_KEY));
