/**
 * The style marks in a real browser, right to left: an editor opens the workspace's style section in
 * Persian, types a text with phrases to avoid and sees each one marked behind the textarea (the mirror lays
 * the text out exactly as the textarea does, also once it scrolls), the suggestion for the phrase under the
 * caret, and the list whose buttons select the phrase; then the same in Arabic.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { decodePng, differentPixels } from '../helpers/png.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const EDITOR_PW = 'editor-password-123';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  await server.hamdel.human.agents.create({
    id: 'mina',
    name: 'مینا',
    role: 'editor',
    languages: ['fa', 'ar'],
    password: EDITOR_PW,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openStyle(page: Page): Promise<void> {
  await page.goto(`${server.url}/editor/`);
  await page.locator('#id').fill('mina');
  await page.locator('#password').fill(EDITOR_PW);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/editor/');
  await page.goto(`${server.url}/editor/#style`);
  await page.locator('textarea[name="style-try"]').waitFor();
}

/** What the page shows: the marked words, the mirror against the textarea, the list. */
async function marks(page: Page) {
  return page.evaluate(() => {
    const textarea = document.querySelector<HTMLTextAreaElement>('textarea[name="style-try"]');
    const mirror = document.querySelector<HTMLElement>('.style-mirror');
    if (!textarea || !mirror) throw new Error('no textarea or mirror');
    return {
      marked: [...mirror.querySelectorAll('mark')].map((m) => m.textContent),
      listed: [...document.querySelectorAll('.style-issues button')].map((b) => b.textContent),
      summary: document.querySelector('.style-summary')?.textContent,
      direction: getComputedStyle(mirror).direction,
      sameHeight: mirror.scrollHeight === textarea.scrollHeight,
      scrolled: [textarea.scrollTop, mirror.scrollTop],
      frames: document.querySelectorAll('.style-marks').length,
      dir: document.documentElement.dir,
    };
  });
}

/**
 * How many pixels differ between the textarea drawing its text and the mirror drawing the same text in
 * its place (marks made plain): a few antialiased pixels when the mirror lays the text out exactly as the
 * textarea does, thousands when it is off by one pixel.
 */
async function misalignedPixels(page: Page): Promise<number> {
  const frame = page.locator('.style-marks');
  await page.evaluate(() => {
    for (const mark of document.querySelectorAll<HTMLElement>('.style-mark')) {
      mark.style.background = 'none';
      mark.style.textDecoration = 'none';
      mark.style.color = 'inherit';
    }
  });
  const textarea = decodePng(await frame.screenshot());
  const restore = await page.evaluateHandle(() => {
    const area = document.querySelector<HTMLTextAreaElement>('textarea[name="style-try"]');
    const mirror = document.querySelector<HTMLElement>('.style-mirror');
    if (!area || !mirror) throw new Error('no textarea or mirror');
    mirror.style.color = getComputedStyle(area).color;
    area.style.color = 'transparent';
    area.style.caretColor = 'transparent';
    return () => {
      mirror.style.color = '';
      area.style.color = '';
      area.style.caretColor = '';
    };
  });
  const mirror = decodePng(await frame.screenshot());
  await restore.evaluate((undo) => undo());
  return differentPixels(textarea, mirror);
}

describe('the style marks', () => {
  it('mark the phrases to avoid in Persian as the editor types, right to left, and suggest what to write', async () => {
    const context = await browser.newContext({ locale: 'fa-IR', viewport: { width: 900, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The editor's page allows no inline styles: the mirror is placed through the CSSOM only.
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) errors.push(message.text());
    });
    try {
      await openStyle(page);
      // The section shows the Persian rules: tone and phrases.
      await expect.poll(() => page.locator('.style-rules li').count()).toBeGreaterThan(5);
      expect(await page.locator('.style-avoid').first().textContent()).toBe('نمی‌توان*');

      const textarea = page.locator('textarea[name="style-try"]');
      await textarea.click();
      await page.keyboard.type('سلام، متأسفانه هنوز نمي توانيم سفارش TB-12345 را عوض کنیم.');
      await expect.poll(async () => (await marks(page)).marked).toEqual(['متأسفانه', 'نمي توانيم']);
      let seen = await marks(page);
      expect(seen.dir).toBe('rtl');
      expect(seen.direction).toBe('rtl');
      expect(seen.listed).toEqual(['متأسفانه', 'نمي توانيم']);
      expect(seen.summary).toBe('۲ مورد برای بازنویسی:');

      // A long text wraps and scrolls the same in the mirror as in the textarea.
      const long = `${'ارسال سفارش‌ها از انبار دبی هر روز انجام می‌شود. '.repeat(30)}\nاین کار غیرممکن است.`;
      await textarea.fill(long);
      await expect.poll(async () => (await marks(page)).marked).toEqual(['غیرممکن']);
      await textarea.evaluate((element) => {
        element.scrollTop = element.scrollHeight;
        element.dispatchEvent(new Event('scroll'));
      });
      seen = await marks(page);
      expect(seen.sameHeight).toBe(true);
      expect(seen.scrolled[0]).toBeGreaterThan(0);
      expect(seen.scrolled[1]).toBe(seen.scrolled[0]);
      expect(await misalignedPixels(page)).toBeLessThan(100);

      // The list's button selects the phrase; the caret in it shows what to write instead.
      await page.locator('.style-issues button').first().click();
      const selected = await textarea.evaluate((element: HTMLTextAreaElement) =>
        element.value.slice(element.selectionStart, element.selectionEnd),
      );
      expect(selected).toBe('غیرممکن');
      await expect(page.locator('.style-hint').textContent()).resolves.toMatch(
        /^«غیرممکن»: بگویید چه چیزی شدنی است/,
      );

      // Fixed: nothing left to mark.
      await textarea.fill('این کار را همین امروز برایتان انجام می‌دهیم.');
      await expect.poll(async () => (await marks(page)).summary).toBe('چیزی برای بازنویسی نیست.');
      expect((await marks(page)).marked).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('switch to the Arabic rules, with و and ال glued to the front, and detach the old marks', async () => {
    const context = await browser.newContext({ locale: 'ar-AE' });
    const page = await context.newPage();
    try {
      await openStyle(page);
      await page.locator('select[name="style-language"]').selectOption('fa');
      await expect.poll(() => page.locator('.style-avoid').first().textContent()).toBe('نمی‌توان*');
      await page.locator('select[name="style-language"]').selectOption('ar');
      await expect.poll(() => page.locator('.style-avoid').first().textContent()).toBe('لا نستطيع');
      await page.locator('textarea[name="style-try"]').fill('وللأسف لا يمكننا تغيير الطلب، هذا مستحيل.');
      await expect.poll(async () => (await marks(page)).marked).toEqual(['وللأسف', 'لا يمكننا', 'مستحيل']);
      const seen = await marks(page);
      expect(seen.frames).toBe(1);
      expect(seen.dir).toBe('rtl');
      expect(seen.summary).toBe('٣ تحتاج إلى إعادة صياغة:');
      expect(await misalignedPixels(page)).toBeLessThan(100);
    } finally {
      await context.close();
    }
  });

  it("mark the article editor's body, and a click on a listed phrase selects it even as the text box loses focus", async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await context.newPage();
    try {
      await openStyle(page);
      await page.goto(`${server.url}/editor/#articles/fa/returns`);
      const body = page.locator('textarea[name="body"]');
      await body.waitFor();
      await expect.poll(() => page.locator('.style-summary').textContent()).toBe('چیزی برای بازنویسی نیست.');
      await body.click();
      await body.press('Control+End');
      await page.keyboard.type('\nمتأسفانه کالای باز شده را نمی توانیم پس بگیریم.');
      await expect
        .poll(() => page.locator('.style-mark').allTextContents())
        .toEqual(['متأسفانه', 'نمی توانیم']);
      // Leaving the text box for the list's button fires its change: the list must stay under the pointer.
      await page.locator('.style-issues button').nth(1).click();
      const selected = await body.evaluate((element: HTMLTextAreaElement) =>
        element.value.slice(element.selectionStart, element.selectionEnd),
      );
      expect(selected).toBe('نمی توانیم');
      await expect(page.locator('.style-hint').textContent()).resolves.toMatch(
        /^«نمی توانیم»: بگویید چه کاری/,
      );
    } finally {
      await context.close();
    }
  });
});
