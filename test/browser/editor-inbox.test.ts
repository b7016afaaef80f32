/**
 * The unanswered inbox in a real browser, in Persian: an editor signs in and sees the groups of failed
 * questions from real turns right to left, with Persian digits and Persian-calendar dates and what is new
 * since the last visit; sets a group aside, adds another's question to an article (the articles editor's
 * route, which lands separately, is answered at the browser's network seam and the request the page sends
 * is checked) and finds it done on the server; reads the per-article helpful rates, least helpful first,
 * and sorts them; a later failure is marked new on the next visit.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/core/message.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { clockFrom, startTestServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'editor-password-123';
const LASAGNA = 'دستور پخت لازانیا چیه؟';
const BITCOIN = 'میشه با بیت‌کوین پول بدم؟';
let server: TestServer;
let browser: Browser;
let counter = 0;

async function say(customer: string, text: string): Promise<void> {
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
  await server.hamdel.turns.submit(message);
  await server.hamdel.inbox.recorder.flush();
}

beforeAll(async () => {
  server = await startTestServer({ clock: clockFrom(Date.UTC(2026, 10, 23, 8, 0)) });
  await server.hamdel.human.agents.create({
    id: 'mina',
    name: 'مینا',
    role: 'editor',
    languages: ['fa'],
    password: PASSWORD,
  });
  await say('p1', LASAGNA);
  await say('p2', LASAGNA);
  await say('p9', 'دستور پخت لازانیا چیست');
  await say('p3', BITCOIN);
  // Answers judged: order tracking twice No, delivery cost once Yes.
  await say('p4', 'بسته‌ام کجاست؟');
  await say('p4', '#helpful:no');
  await say('p5', 'بسته‌ام کجاست؟');
  await say('p5', 'نه');
  await say('p6', 'هزینه ارسال چقدره؟');
  await say('p6', 'بله');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
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
    // The articles editor's route (another part of the workspace): answered here, its request kept.
    const added: { url: string; body: unknown }[] = [];
    await page.route('**/api/editor/articles/**', async (route) => {
      added.push({ url: route.request().url(), body: route.request().postDataJSON() });
      await route.fulfill({ status: 200, contentType: 'application/json', body: '{"version":"v2"}' });
    });
    try {
      await page.goto(`${server.url}/editor/#inbox`);
      await page.locator('#id').fill('mina');
      await page.locator('#password').fill(PASSWORD);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === '/editor/');
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
      await card(page, BITCOIN).locator('[data-action="ignore"]').click();
      await page.locator('.notice.ok', { hasText: 'نادیده گرفته شد' }).waitFor();
      expect(await card(page, BITCOIN).count()).toBe(0);
      await page.locator('select[name="status"]').selectOption('ignored');
      await card(page, BITCOIN).waitFor();
      expect(await card(page, BITCOIN).getAttribute('data-status')).toBe('ignored');
      await page.locator('select[name="status"]').selectOption('new');
      await lasagna.waitFor();

      // Add to an article: the bot's closest articles are offered; a search finds another; added, done.
      await lasagna.locator('[data-action="add"]').click();
      const panel = lasagna.locator('.add-panel');
      await panel.locator('.article-choice').first().waitFor();
      await panel.locator('input[name="q"]').fill('ارسال');
      await panel.locator('button.secondary', { hasText: 'جست‌وجو' }).click();
      const cost = panel.locator('.article-choice[data-article="delivery-cost"]');
      await cost.waitFor();
      await cost.locator('input[type="radio"]').check();
      await panel.locator('input[name="question"]').fill('طرز تهیه لازانیا');
      await panel.locator('[data-action="confirm-add"]').click();
      await page.locator('.notice.ok', { hasText: 'افزوده شد' }).waitFor();
      expect(added).toEqual([
        {
          url: `${server.url}/api/editor/articles/fa/delivery-cost/questions`,
          body: { question: 'طرز تهیه لازانیا' },
        },
      ]);
      expect(await lasagna.count()).toBe(0);
      const id = (await server.hamdel.inbox.inbox.list({ languages: ['fa'], status: 'done' })).groups[0];
      expect(id).toMatchObject({
        question: LASAGNA,
        status: 'done',
        addedTo: 'delivery-cost',
        statusBy: 'mina',
      });

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
      await say('p7', BITCOIN);
      await say('p8', 'سایز کفش ۴۴ دارید؟');
      await page.reload();
      await page.locator('p.visit', { hasText: 'از آخرین بازدید شما' }).waitFor();
      await page.locator('select[name="status"]').selectOption('all');
      const bitcoin = card(page, BITCOIN);
      await bitcoin.waitFor();
      expect(await bitcoin.locator('.badge.more').textContent()).toBe('۱ مورد تازه');
      expect(await bitcoin.locator('.badge.new').count()).toBe(0);
      expect(await card(page, 'سایز کفش ۴۴ دارید؟').locator('.badge.new').count()).toBe(1);
      expect(await card(page, 'بسته‌ام کجاست؟').locator('.badge').count()).toBe(0);
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
