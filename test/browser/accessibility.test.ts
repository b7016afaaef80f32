/**
 * WCAG 2.1 AA with axe-core on every web surface, in Persian, Arabic and English: the widget closed, open,
 * answered, offering choices, waiting for a person, with an agent, asking for a rating; the sign-in page;
 * the agent console with a chat; the supervisor's dashboard, the admin console and the editor's workspace.
 * Any critical or serious violation fails the test, with every finding printed. One browser, one context
 * per language, one server.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/language.ts';
import { axeViolations, describeFindings } from '../helpers/axe.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { ConsoleClient } from '../helpers/console-client.ts';
import { clockFrom, startTestServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'a11y-password-123';
const LOCALES: Record<Language, string> = { fa: 'fa-IR', ar: 'ar-AE', en: 'en-US' };
/** A question vague enough that the bot asks which article was meant (choices), then a request for a person. */
export const ASK: Record<Language, { vague: string; person: string }> = {
  fa: { vague: 'سفارشم', person: 'میخوام با یه کارشناس صحبت کنم' },
  ar: { vague: 'الشحن', person: 'أريد التحدث مع موظف' },
  en: { vague: 'card payment', person: 'I want to talk to a person' },
};

let server: TestServer;
let browser: Browser;
/** Session cookies (`hamdel_session=…`) by agent id, each signed in once (sign-ins are throttled). */
const sessions = new Map<string, string>();

beforeAll(async () => {
  // Monday 12:00 in Dubai: the sample team is at work.
  server = await startTestServer({ clock: clockFrom(Date.UTC(2026, 10, 23, 8, 0)) });
  const { agents, presence } = server.hamdel.human;
  const all: Language[] = ['fa', 'ar', 'en'];
  await agents.create({ id: 'sara', name: 'سارا', languages: all, capacity: 9, password: PASSWORD });
  await agents.create({ id: 'lead', name: 'مریم', role: 'supervisor', languages: all, password: PASSWORD });
  await agents.create({ id: 'boss', name: 'Boss', role: 'admin', languages: all, password: PASSWORD });
  await agents.create({ id: 'ed', name: 'ویراستار', role: 'editor', languages: all, password: PASSWORD });
  await presence.setStatus('sara', 'online');
  for (const id of ['sara', 'lead', 'boss', 'ed'])
    sessions.set(id, await ConsoleClient.cookieOf(server.url, id, PASSWORD));
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const widget = (page: Page): Locator => page.locator('hamdel-chat');

async function customerSays(page: Page, text: string): Promise<void> {
  const input = widget(page).locator('textarea');
  await input.fill(text);
  await input.press('Enter');
  await widget(page).locator('.row.customer[data-id] .text', { hasText: text }).waitFor();
}

async function signedIn(context: BrowserContext, id: string): Promise<void> {
  const [name = '', value = ''] = (sessions.get(id) ?? '').split('=');
  await context.addCookies([{ name, value, url: server.url }]);
}

describe('WCAG 2.1 AA on every surface (axe-core)', () => {
  for (const language of ['fa', 'ar', 'en'] as const) {
    it(`has no critical or serious violation in ${language}`, { timeout: 120_000 }, async () => {
      const report: string[] = [];
      const check = async (page: Page, where: string): Promise<void> => {
        const findings = await axeViolations(page);
        if (findings.length > 0) report.push(describeFindings(`${language} ${where}`, findings));
      };
      const context = await browser.newContext({ locale: LOCALES[language] });
      const agent = await ConsoleClient.connect(server.url, sessions.get('sara') ?? '');
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}/?lang=${language}`);
        await widget(page).locator('button.bubble').waitFor();
        await check(page, 'widget closed');

        await widget(page).locator('button.bubble').click();
        await widget(page).locator('[role="dialog"]').waitFor({ state: 'visible' });
        await check(page, 'widget open');
        // Landmarks axe leaves to best practice: the widget adds no banner (or any unlabelled landmark) to the page.
        if ((await widget(page).getByRole('banner').count()) > 0) report.push(`${language} widget: a banner`);

        await customerSays(page, ASK[language].vague);
        await widget(page).locator('.row.bot[data-id]').last().waitFor({ timeout: 20_000 });
        await widget(page).locator('.choices:not([hidden]) .choice').first().waitFor({ timeout: 20_000 });
        await check(page, 'widget answered with choices');

        const queued = agent.frames.length;
        await customerSays(page, ASK[language].person);
        await agent.waitFor((f) => f.type === 'queue' && f.waiting.length > 0, queued, 20_000);
        await widget(page).locator('.row.bot[data-id]').last().waitFor();
        await check(page, 'widget waiting');

        const from = agent.frames.length;
        agent.send({ type: 'take-next' });
        const taken = await agent.waitFor((f) => f.type === 'chat', from);
        if (taken.type !== 'chat') throw new Error('no chat taken');
        const conversationId = taken.chat.conversationId;
        agent.send({ type: 'say', conversationId, text: 'Sara here · سارا هستم', ref: 'hi' });
        await widget(page).locator('.row.agent').waitFor();
        await check(page, 'widget with an agent');

        // The agent console with this chat open, the sign-in page, and every console.
        await signedIn(context, 'sara');
        const consolePage = await context.newPage();
        await consolePage.goto(`${server.url}/agent/`);
        await consolePage.locator('.transcript').getByText('Sara here').waitFor();
        await check(consolePage, 'agent console');

        agent.send({ type: 'resolve', conversationId });
        await widget(page).locator('.choices:not([hidden]) .choice').nth(4).waitFor({ timeout: 20_000 });
        await check(page, 'widget rating');
        const botRows = await widget(page).locator('.row.bot').count();
        await widget(page).locator('.choices:not([hidden]) .choice').nth(4).click();
        await expect.poll(() => widget(page).locator('.row.bot').count()).toBeGreaterThan(botRows);
        await check(page, 'widget rated');

        const loginContext = await browser.newContext({ locale: LOCALES[language] });
        const login = await loginContext.newPage();
        await login.goto(`${server.url}/agent/login`);
        await login.locator('#id').waitFor();
        await check(login, 'sign-in');
        await login.locator('button[type="submit"]').isVisible();
        await login.locator('#id').fill(`nobody-${language}`);
        await login.locator('#password').fill('wrong-password-000');
        await login.locator('button[type="submit"]').click();
        await login.locator('#error:not([hidden])').waitFor();
        await check(login, 'sign-in refused');
        await loginContext.close();

        for (const [id, path, ready] of [
          ['lead', '/supervisor/', 'h1'],
          ['boss', '/admin/', 'h1'],
          ['ed', '/editor/', 'h1'],
        ] as const) {
          const consoleContext = await browser.newContext({ locale: LOCALES[language] });
          await signedIn(consoleContext, id);
          const consolePage = await consoleContext.newPage();
          await consolePage.goto(`${server.url}${path}`);
          await consolePage.locator(ready).first().waitFor();
          await consolePage.waitForLoadState('networkidle');
          await check(consolePage, path);
          await consoleContext.close();
        }
      } finally {
        agent.close();
        await context.close();
      }
      expect(report.join('\n')).toBe('');
    });
  }
});
