/**
 * The product in a real browser: the demo page on a real hamdel server (real Redis, sample knowledge base),
 * a Persian customer asks about returning an item through the widget, gets the answer laid out right to
 * left, reloads the page and finds the conversation still there. A signed-in shop user finds their
 * conversation on a second browser; no credential ever appears in the socket's URL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userHash } from '../../src/adapters/web/user-signature.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const QUESTION = 'چطور می‌تونم کالا رو پس بدم؟';
/** Letters only Persian uses; an Arabic or English answer has none of them. */
const PERSIAN_ONLY = /[پچژگ]/;
/** Words of the returns article ("return", "send back") that other articles' answers do not lead with. */
const RETURNS_ARTICLE = /مرجوع|برگردان|بازگرداندن/;
/** URLs, e-mail addresses and Latin product codes keep their ASCII digits. */
const LATIN_TOKENS = /https?:\/\/\S+|[\w.+-]*[A-Za-z][\w.+-]*/g;

const IDENTITY_SECRET = randomBytes(32).toString('hex');

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ env: { IDENTITY_SECRET } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The widget lives in an open shadow root; playwright's CSS locators pierce it. */
function widget(page: Page): Locator {
  return page.locator('hamdel-chat');
}

/** The addresses of the WebSockets the page opens. */
function socketUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on('websocket', (socket) => urls.push(socket.url()));
  return urls;
}

/** What the widget keeps in the page's localStorage (its keys end in the stored name). */
async function stored(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i) ?? '';
      out[key.split(':').at(-1) ?? key] = localStorage.getItem(key) ?? '';
    }
    return out;
  });
}

async function openWidget(page: Page): Promise<void> {
  const bubble = widget(page).locator('button.bubble');
  await bubble.click();
  await expect.poll(() => bubble.getAttribute('aria-expanded')).toBe('true');
  await widget(page).locator('[role="dialog"]').waitFor({ state: 'visible' });
}

describe('the web widget on the demo page', () => {
  it('answers a Persian question right-to-left and keeps the history across a reload', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await context.newPage();
    const sockets = socketUrls(page);
    // The page runs under hamdel's content security policy: nothing of the page or the widget is blocked.
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) blocked.push(m.text());
    });
    try {
      await page.goto(`${server.url}/?lang=fa`);
      await openWidget(page);
      expect(await page.title()).toBe('فروشگاه تبسم'); // the demo's own script ran

      const panel = widget(page).locator('[role="dialog"]');
      expect(await panel.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');

      const input = widget(page).locator('textarea');
      expect(await input.getAttribute('dir')).toBe('auto');
      await input.fill(QUESTION);
      await input.press('Enter');

      // The customer's own message, confirmed by the server (no longer pending), shown once.
      const question = widget(page).locator('.row.customer[data-id] .text', { hasText: QUESTION });
      await question.waitFor();
      await expect
        .poll(() => widget(page).locator('.row.customer .text', { hasText: QUESTION }).count())
        .toBe(1);

      // The first reply may greet separately; wait for the entry that answers the question.
      const answer = widget(page).locator('.row.bot[data-id] .text', { hasText: RETURNS_ARTICLE });
      await answer.first().waitFor({ timeout: 20_000 });
      const answerText = (await answer.first().textContent()) ?? '';
      expect(answerText).toMatch(PERSIAN_ONLY);
      expect(await answer.first().getAttribute('dir')).toBe('rtl'); // from the message's own words
      expect(await answer.first().evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
      // Persian readers get Persian digits in running text and times (URLs and Latin codes stay as written).
      expect(answerText.replace(LATIN_TOKENS, '')).not.toMatch(/[0-9]/);
      const time = widget(page).locator('.row.bot[data-id] time').last();
      expect((await time.textContent()) ?? '').toMatch(/[۰-۹]/);

      const shown = await widget(page).locator('.row[data-id] .text').allTextContents();

      await page.reload();
      await openWidget(page);
      const history = widget(page).locator('.row[data-id] .text');
      await expect.poll(() => history.count(), { timeout: 10_000 }).toBe(shown.length);
      expect(await history.allTextContents()).toEqual(shown);
      await widget(page).locator('.row.customer .text', { hasText: QUESTION }).waitFor();
      expect(await history.allTextContents()).toContain(answerText);
      expect(await panel.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');

      // The server gave this browser its visitor id and secret; neither is ever in a socket's URL.
      const { visitor, secret } = await stored(page);
      expect(visitor).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(sockets.length).toBeGreaterThan(1);
      for (const url of sockets) {
        expect(url).not.toContain(visitor);
        expect(url).not.toContain(secret);
      }
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('loses nothing and shows nothing twice across a dropped connection', async () => {
    const context = await browser.newContext();
    // Keep a handle on the widget's sockets so the test can drop the connection.
    await context.addInitScript(() => {
      const Native = window.WebSocket;
      const sockets: WebSocket[] = [];
      (window as unknown as { hamdelSockets: WebSocket[] }).hamdelSockets = sockets;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          sockets.push(this);
        }
      };
    });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/?lang=en`);
      await openWidget(page);
      const input = widget(page).locator('textarea');
      await input.fill('How do I return an item?');
      await input.press('Enter');
      await widget(page).locator('.row.bot[data-id]').first().waitFor({ timeout: 20_000 });

      // One message goes out as the socket drops (its ack may be lost), one is written while offline.
      const during = 'What are your opening hours?';
      const offline = 'Do you deliver to Sharjah?';
      await input.fill(during);
      await input.press('Enter');
      await page.evaluate(() => {
        const sockets = (window as unknown as { hamdelSockets: WebSocket[] }).hamdelSockets;
        sockets[sockets.length - 1]?.close();
      });
      await input.fill(offline);
      await input.press('Enter');

      for (const text of [during, offline]) {
        const confirmed = widget(page).locator('.row.customer[data-id] .text', { hasText: text });
        await expect.poll(() => confirmed.count(), { timeout: 20_000 }).toBe(1);
        expect(await widget(page).locator('.row.customer .text', { hasText: text }).count()).toBe(1);
      }
      expect(
        await page.evaluate(() => (window as unknown as { hamdelSockets: unknown[] }).hamdelSockets.length),
      ).toBeGreaterThan(1);
      // Both answered (greeting aside, one bot turn per question), nothing pending.
      await expect.poll(() => widget(page).locator('.row.customer:not([data-id])').count()).toBe(0);
      const ids = await widget(page)
        .locator('.row[data-id]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));
      expect(new Set(ids).size).toBe(ids.length);
      const shown = await widget(page).locator('.row[data-id] .text').allTextContents();

      await page.reload();
      await openWidget(page);
      const history = widget(page).locator('.row[data-id] .text');
      await expect.poll(() => history.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(shown.length);
      expect((await history.allTextContents()).slice(0, shown.length)).toEqual(shown);
    } finally {
      await context.close();
    }
  });

  it("shows a signed-in shop user's conversation on another browser, and a forged signature opens nothing", async () => {
    const userId = `shopper-${randomUUID()}`;
    const signedIn = `${server.url}/?lang=en&user=${userId}&userHash=${userHash(userId, IDENTITY_SECRET)}`;
    const question = 'How long does delivery take?';

    const laptop = await browser.newContext();
    const phone = await browser.newContext(); // another device: nothing stored
    const forger = await browser.newContext();
    try {
      const first = await laptop.newPage();
      await first.goto(signedIn);
      await openWidget(first);
      const input = widget(first).locator('textarea');
      await input.fill(question);
      await input.press('Enter');
      await widget(first).locator('.row.bot[data-id]').nth(1).waitFor({ timeout: 20_000 });
      const shown = await widget(first).locator('.row[data-id] .text').allTextContents();
      expect(await stored(first)).not.toHaveProperty('secret'); // a signed user keeps no secret

      const second = await phone.newPage();
      await second.goto(signedIn);
      await openWidget(second);
      const history = widget(second).locator('.row[data-id] .text');
      await expect.poll(() => history.count(), { timeout: 10_000 }).toBe(shown.length);
      expect(await history.allTextContents()).toEqual(shown);

      // The same user id with a made-up hash: the widget chats anonymously, with none of the user's history.
      const third = await forger.newPage();
      await third.goto(`${server.url}/?lang=en&user=${userId}&userHash=${'0'.repeat(64)}`);
      await openWidget(third);
      await expect.poll(async () => (await stored(third)).secret ?? '', { timeout: 10_000 }).toMatch(/.{43}/);
      expect(await widget(third).locator('.row .text', { hasText: question }).count()).toBe(0);
    } finally {
      await laptop.close();
      await phone.close();
      await forger.close();
    }
  });
});
