/**
 * The widget on a phone (360×640, touch), in Persian and Arabic: the panel takes the whole screen inside
 * the safe area, and the composer stays in view when the visible area shrinks, whether the page is
 * resized (a keyboard that resizes the page) or only the visual viewport shrinks (a keyboard over the
 * page, or a pinch zoom: emulated by a page scale of 2). Screenshots are written for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startHostSite, type HostSite } from '../helpers/host-site.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const SHOTS = path.join(tmpdir(), 'hamdel-widget-mobile');
const CASES = [
  { lang: 'fa', question: 'چطور می‌تونم کالا رو پس بدم؟', answer: /مرجوع|برگردان|بازگرداندن/ },
  { lang: 'ar', question: 'كيف أرجع المنتج؟', answer: /إرجاع|ارجاع|استرجاع/ },
] as const;
const SAFE_AREA = { top: 30, bottom: 20, left: 0, right: 0 };

let server: TestServer;
let browser: Browser;
const hosts: HostSite[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(hosts.map((h) => h.close()));
  await server?.close();
});

/** Where an element of the widget is, and what the visitor sees of the page (CSS pixels of the layout). */
function placement(element: Locator) {
  return element.evaluate((e) => {
    const box = e.getBoundingClientRect();
    const seen = window.visualViewport as VisualViewport;
    return {
      top: box.top,
      bottom: box.bottom,
      left: box.left,
      right: box.right,
      seenTop: seen.offsetTop,
      seenBottom: seen.offsetTop + seen.height,
      seenLeft: seen.offsetLeft,
      seenRight: seen.offsetLeft + seen.width,
    };
  });
}

/** In the visible area from top to bottom, and (unless zoomed in) from side to side. */
async function expectInView(element: Locator, sideToSide = true): Promise<void> {
  const p = await placement(element);
  expect(p.top).toBeGreaterThanOrEqual(p.seenTop - 0.5);
  expect(p.bottom).toBeLessThanOrEqual(p.seenBottom + 0.5);
  if (!sideToSide) return;
  expect(p.left).toBeGreaterThanOrEqual(p.seenLeft - 0.5);
  expect(p.right).toBeLessThanOrEqual(p.seenRight + 0.5);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

describe('the widget on a phone', () => {
  it.each(CASES)(
    '$lang: full screen in the safe area, the composer in view as the visible area shrinks',
    async ({ lang, question, answer }) => {
      const host = await startHostSite({
        hamdel: server.url,
        attributes: `async data-lang="${lang}"`,
        viewport: 'width=device-width, initial-scale=1, viewport-fit=cover',
      });
      hosts.push(host);
      const context = await browser.newContext({
        viewport: { width: 360, height: 640 },
        isMobile: true,
        hasTouch: true,
        locale: lang,
      });
      try {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets: SAFE_AREA });
        await page.goto(`${host.url}/with-widget`);
        const chat = page.locator('hamdel-chat');
        await chat.locator('button.bubble').tap();
        const panel = chat.locator('[role="dialog"]');
        await panel.waitFor({ state: 'visible' });

        // The whole screen, the header below the notch and the footer above the home indicator.
        // (polled: the panel opens with a short animation)
        await expect.poll(() => panel.boundingBox()).toEqual({ x: 0, y: 0, width: 360, height: 640 });
        const padding = (selector: string, side: 'paddingTop' | 'paddingBottom') =>
          chat.locator(selector).evaluate((e, s) => getComputedStyle(e)[s], side);
        expect(await padding('.header', 'paddingTop')).toBe(`${SAFE_AREA.top}px`);
        expect(await padding('.footer', 'paddingBottom')).toBe(`${SAFE_AREA.bottom}px`);
        expect(await chat.locator('button.bubble').isVisible()).toBe(false);

        const input = chat.locator('textarea');
        await input.tap();
        await input.fill(question);
        await input.press('Enter');
        await chat
          .locator('.row.bot[data-id] .text', { hasText: answer })
          .first()
          .waitFor({ timeout: 20_000 });
        expect(await panel.evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
        const composer = chat.locator('form.composer');
        await expectInView(composer);
        await shot(page, `${lang}-360x640`);

        // A keyboard that resizes the page: 320 px are left.
        await page.setViewportSize({ width: 360, height: 320 });
        await expect.poll(async () => (await panel.boundingBox())?.height).toBe(320);
        await expectInView(composer);
        await expectInView(chat.locator('.header'));
        await shot(page, `${lang}-keyboard-resize`);

        // A keyboard over the page (only the visual viewport shrinks), emulated with a page scale of 2.
        await page.setViewportSize({ width: 360, height: 640 });
        await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 });
        await expect.poll(() => page.evaluate(() => window.visualViewport?.height)).toBe(320);
        // (the zoom magnifies: the panel keeps the page's width, the visitor pans across it)
        await expect.poll(() => panel.evaluate((e) => e.getBoundingClientRect().height)).toBe(320);
        await expectInView(composer, false);
        await expectInView(chat.locator('.header'), false);
        await shot(page, `${lang}-visual-viewport`);
      } finally {
        await context.close();
      }
    },
  );
});
