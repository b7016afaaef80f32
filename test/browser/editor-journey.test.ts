/**
 * The editors' workspace end to end, as issue 14 asks, in a real browser on a temporary copy of content/:
 * a customer asks in the widget a Persian question the bot cannot answer; an editor signs in, finds it in
 * the unanswered inbox and adds it to the right article; another editor, who had that article open, saves
 * a change at the same time and gets a conflict instead of overwriting it; the first editor sees in "what
 * would the bot answer?" that it now answers; and a customer in the widget gets that answer.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { CONTENT_DIR } from '../helpers/content.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/time.ts';

const PASSWORD = 'editor-password-123';
const QUESTION = 'میشه با بیت‌کوین پول بدم؟';
const FILE = 'articles/fa/payment-methods.md';
/** A line of the payment-methods article's body, as the widget shows it. */
const ANSWER = /به این روش‌ها پرداخت کنید/;
const NO_ANSWER = /جواب مطمئنی ندارم/;
let server: TestServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hamdel-editor-journey-'));
  await cp(CONTENT_DIR, dir, { recursive: true });
  server = await startTestServer({ env: { CONTENT_DIR: dir, CONTENT_WATCH: 'true' } });
  const agents = server.hamdel.human.agents;
  await agents.create({ id: 'mina', name: 'مینا', role: 'editor', languages: ['fa'], password: PASSWORD });
  await agents.create({ id: 'reza', name: 'رضا', role: 'editor', languages: ['fa'], password: PASSWORD });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const widget = (page: Page): Locator => page.locator('hamdel-chat');

/** A new customer opens the widget in Persian and asks; resolves with the bot's rows after the question. */
async function customerAsks(context: BrowserContext, text: string, wanted: RegExp): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/?lang=fa`);
  await widget(page).locator('button.bubble').click();
  const input = widget(page).locator('textarea');
  await input.fill(text);
  await input.press('Enter');
  await widget(page).locator('.row.bot[data-id]', { hasText: wanted }).first().waitFor({ timeout: 20_000 });
  return page;
}

async function signIn(context: BrowserContext, id: string, hash: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/editor/`);
  await page.waitForURL(/\/agent\/login/);
  await page.locator('#id').fill(id);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/editor/');
  // The sign-in keeps the path, not the hash: open the section asked for.
  if (hash !== '') await page.goto(`${server.url}/editor/${hash}`);
  return page;
}

describe("the editors' workspace, end to end", () => {
  it('takes an unanswered Persian question from the inbox into an article that the widget then answers, and a concurrent edit is a conflict', async () => {
    const contexts: BrowserContext[] = [];
    const open = async (locale: string) => {
      const context = await browser.newContext({ locale });
      contexts.push(context);
      return context;
    };
    const blocked: string[] = [];
    try {
      // 1. A customer asks; the bot says plainly it has no sure answer.
      await customerAsks(await open('fa-IR'), QUESTION, NO_ANSWER);
      await server.hamdel.inbox.recorder.flush();

      // 2. Reza has the article open in the editor, and starts changing its title.
      const reza = await signIn(await open('fa-IR'), 'reza', '#articles/fa/payment-methods');
      const rezaTitle = reza.locator('input[name="title"]');
      await rezaTitle.waitFor();
      await rezaTitle.fill('روش‌های پرداخت در فروشگاه');

      // 3. Mina finds the question in the inbox and adds it to that article.
      const mina = await signIn(await open('fa-IR'), 'mina', '');
      for (const page of [mina, reza]) {
        page.on('console', (m) => {
          if (/Content.Security.Policy/i.test(m.text())) blocked.push(m.text());
        });
      }
      await mina.locator('nav a[data-section="inbox"]').click();
      const card = mina.locator('article.group', {
        has: mina.locator('h3 bdi.question', { hasText: QUESTION }),
      });
      await card.waitFor();
      expect(await card.locator('[data-kind="no-answer"]').count()).toBe(1);
      await card.locator('[data-action="add"]').click();
      const panel = card.locator('.add-panel');
      await panel.locator('.article-choice').first().waitFor();
      await panel.locator('input[name="q"]').fill('روش‌های پرداخت');
      await panel.locator('button.secondary', { hasText: 'جست‌وجو' }).click();
      const methods = panel.locator('.article-choice[data-article="payment-methods"]');
      await methods.waitFor();
      await methods.locator('input[type="radio"]').check();
      await panel.locator('[data-action="confirm-add"]').click();
      await mina.locator('.notice.ok', { hasText: 'افزوده شد' }).waitFor();
      const withQuestion = await readFile(path.join(dir, FILE), 'utf8');
      expect(withQuestion).toContain(`  - ${QUESTION}`);

      // 4. Reza saves the version he opened before: a conflict, and Mina's question is still on disk.
      await reza.locator('button[name="save"]').click();
      const conflict = reza.locator('.conflict');
      await conflict.waitFor();
      expect(await conflict.locator('[data-side="disk"]').textContent()).toContain(QUESTION);
      expect(await conflict.locator('[data-side="mine"]').textContent()).toContain(
        'روش‌های پرداخت در فروشگاه',
      );
      expect(await readFile(path.join(dir, FILE), 'utf8')).toBe(withQuestion);
      // Reapplying his change on top of the disk's version keeps both.
      await conflict.locator('button[name="reapply"]').click();
      await conflict.waitFor({ state: 'detached' });
      await reza.locator('button[name="save"]').click();
      await reza.locator('.notice.ok', { hasText: 'ذخیره شد' }).waitFor();
      const both = await readFile(path.join(dir, FILE), 'utf8');
      expect(both).toContain(`  - ${QUESTION}`);
      expect(both).toContain('title: روش‌های پرداخت در فروشگاه');

      // 5. Mina asks the preview: the bot now answers with that article (once the base has reloaded).
      await mina.locator('nav a[data-section="try"]').click();
      const question = mina.locator('textarea[name="question"]');
      await question.waitFor();
      const published = mina.locator('.outcome[data-side="published"]');
      await eventually(
        async () => {
          await question.fill(QUESTION);
          await question.press('Enter');
          await mina.locator('.try-results:not([aria-busy])').waitFor();
          await published.waitFor();
          return (
            (await published.getAttribute('data-decision')) === 'answer' &&
            (await published.locator('ol.top > li').first().getAttribute('data-article')) ===
              'payment-methods'
          );
        },
        'the preview answers with payment-methods',
        30_000,
      );
      expect(await published.locator('.decision').textContent()).toContain('پاسخ می‌دهد');

      // 6. A customer in the widget gets that answer.
      await customerAsks(await open('fa-IR'), QUESTION, ANSWER);
      expect(blocked).toEqual([]);
    } finally {
      for (const context of contexts) await context.close();
    }
  });
});
