/**
 * The unanswered inbox in a real browser, in Persian, on a temporary copy of content/: an editor signs in
 * and sees the groups of failed questions from real turns right to left, with Persian digits and
 * Persian-calendar dates and what is new since the last visit; sets a group aside; adds another's question
 * to an article through the articles editor's route (the file on disk gets it, the knowledge base reloads,
 * and the bot answers the question with that article); reads the per-article helpful rates, least helpful
 * first, and sorts them; later failures are marked on the next visit.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/core/message.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { CONTENT_DIR } from '../helpers/content.ts';
import { clockFrom, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/time.ts';

const PASSWORD = 'editor-password-123';
const LASAGNA = 'دستور پخت لازانیا چیه؟';
const BITCOIN = 'میشه با بیت‌کوین پول بدم؟';
const SHOES = 'سایز کفش ۴۴ دارید؟';
let server: TestServer;
let browser: Browser;
let dir: string;
let counter = 0;

/** A customer's message through the real turn queue; returns the article the bot answered with, if any. */
async function say(customer: string, text: string): Promise<string | undefined> {
  const message: InboundMessage = {
    direction: 'in',
    channel: 'http',
    conversationId: `http-${customer}`,
    customer: { id: customer },
    text,
    sentAt: Date.now(),
    platformMessageId: `b${++counter}`,
    raw: {},
    languageHint: 'fa',
  };
  const { replies } = await server.hamdel.turns.submit(message);
  await server.hamdel.inbox.recorder.flush();
  return replies.find((reply) => reply.meta?.kind === 'answer')?.meta?.articleId;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hamdel-inbox-browser-'));
  await cp(CONTENT_DIR, dir, { recursive: true });
  server = await startTestServer({
    clock: clockFrom(Date.UTC(2026, 10, 23, 8, 0)),
    env: { CONTENT_DIR: dir, CONTENT_WATCH: 'true' },
  });
  await server.hamdel.human.agents.create({
    id: 'mina',
    name: 'مینا',
    role: 'editor',
    languages: ['fa'],
    password: PASSWORD,
  });
  await say('p1', LASAGNA);
  await say('p2', LASAGNA);
  await say('p3', 'دستور پخت لازانیا چیست');
  expect(await say('p4', BITCOIN)).toBeUndefined();
  // Answers judged: order tracking twice No, delivery cost once Yes.
  await say('p5', 'بسته‌ام کجاست؟');
  await say('p5', '#helpful:no');
  await say('p6', 'بسته‌ام کجاست؟');
  await say('p6', 'نه');
  await say('p7', 'هزینه ارسال چقدره؟');
  await say('p7', 'بله');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const card = (page: Page, question: string) =>
  page.locator('article.group', { has: page.locator('h3 bdi.question', { hasText: question }) });

describe('the unanswered inbox, in Persian', () => {
  it('shows groups right to left, sets one aside, adds another to an article, and rates the answers', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) blocked.push(m.text());
    });
    try {
      await page.goto(`${server.url}/editor/`);
      await page.locator('#id').fill('mina');
      await page.locator('#password').fill(PASSWORD);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === '/editor/');
      await page.locator('nav a[data-section="inbox"]', { hasText: 'بی‌پاسخ‌ها' }).click();
      const lasagna = card(page, LASAGNA);
      await lasagna.waitFor();
      expect(
        await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang]),
      ).toEqual(['rtl', 'fa']);
      expect(await page.locator('p.visit').textContent()).toContain('اولین بازدید');

      // The most asked first; counts in Persian digits, dates in the Persian calendar; marked new.
      expect(await page.locator('article.group h3 bdi.question').first().textContent()).toBe(LASAGNA);
      const figures = (await lasagna.locator('.figures').textContent()) ?? '';
      expect(figures).toContain('۳ بار پرسیده شده، از ۳ مشتری');
      expect(figures).toMatch(/آذر ۱۴۰۵/);
      expect(await lasagna.locator('.badge.new').textContent()).toBe('تازه');
      expect(await lasagna.locator('[data-kind="no-answer"]').textContent()).toContain('بدون جواب');
      const tracking = card(page, 'بسته‌ام کجاست؟');
      expect(await tracking.locator('.bot-gave a').getAttribute('href')).toBe('#articles/fa/order-tracking');
      expect(await lasagna.locator('[data-action="new-article"]').getAttribute('href')).toBe(
        `#articles/fa/new?question=${encodeURIComponent(LASAGNA)}`,
      );
      // No conversation or customer id anywhere on the page.
      expect(await page.locator('main').textContent()).not.toMatch(/http-p\d/);

      // Set aside: gone from the list to look at, there under "ignored".
      await lasagna.locator('[data-action="ignore"]').click();
      await page.locator('.notice.ok', { hasText: 'نادیده گرفته شد' }).waitFor();
      expect(await lasagna.count()).toBe(0);
      await page.locator('select[name="status"]').selectOption('ignored');
      await lasagna.waitFor();
      expect(await lasagna.getAttribute('data-status')).toBe('ignored');
      await page.locator('select[name="status"]').selectOption('new');
      const bitcoin = card(page, BITCOIN);
      await bitcoin.waitFor();

      // Add to an article: the bot's closest are offered; a search finds the right one; added, done.
      await bitcoin.locator('[data-action="add"]').click();
      const panel = bitcoin.locator('.add-panel');
      await panel.locator('.article-choice').first().waitFor();
      await panel.locator('input[name="q"]').fill('روش‌های پرداخت');
      await panel.locator('button.secondary', { hasText: 'جست‌وجو' }).click();
      const methods = panel.locator('.article-choice[data-article="payment-methods"]');
      await methods.waitFor();
      await methods.locator('input[type="radio"]').check();
      await panel.locator('[data-action="confirm-add"]').click();
      await page.locator('.notice.ok', { hasText: 'افزوده شد' }).waitFor();
      expect(await bitcoin.count()).toBe(0);
      expect(await readFile(path.join(dir, 'articles/fa/payment-methods.md'), 'utf8')).toContain(BITCOIN);
      const [done] = (await server.hamdel.inbox.inbox.list({ languages: ['fa'], status: 'done' })).groups;
      expect(done).toMatchObject({ question: BITCOIN, addedTo: 'payment-methods', statusBy: 'mina' });
      // The knowledge base reloads: the bot now answers the question with that article.
      await eventually(async () => (await say(`q${counter}`, BITCOIN)) === 'payment-methods', 'answered');

      // Helpful rates: least helpful first, Persian digits; sorted by Yes on a click.
      const rows = page.locator('table.rates tbody tr');
      await rows.first().waitFor();
      expect(await rows.first().getAttribute('data-article')).toBe('fa/order-tracking');
      expect(await rows.first().locator('td').nth(3).textContent()).toBe('۲');
      expect(await rows.first().locator('td').nth(4).textContent()).toContain('۰');
      expect(await rows.first().locator('a').getAttribute('href')).toBe('#articles/fa/order-tracking');
      await page.locator('button.sort[data-sort="yes"]').click();
      await page.locator('button.sort[data-sort="yes"]').click(); // descending
      expect(await rows.first().getAttribute('data-article')).toBe('fa/delivery-cost');

      // The next visit: only what came since is marked.
      await say('p8', LASAGNA);
      await say('p9', SHOES);
      await page.reload();
      await page.locator('p.visit', { hasText: 'از آخرین بازدید شما' }).waitFor();
      await page.locator('select[name="status"]').selectOption('all');
      await lasagna.waitFor();
      expect(await lasagna.locator('.badge.more').textContent()).toBe('۱ مورد تازه');
      expect(await lasagna.locator('.badge.new').count()).toBe(0);
      expect(await lasagna.getAttribute('data-status')).toBe('ignored'); // asked again, still ignored
      expect(await card(page, SHOES).locator('.badge.new').count()).toBe(1);
      expect(await card(page, 'بسته‌ام کجاست؟').locator('.badge').count()).toBe(0);
      // Answered now; the misses while the article reloaded do not reopen it.
      expect(await card(page, BITCOIN).getAttribute('data-status')).toBe('done');
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
