/**
 * Articles in the editor's workspace, in a real browser, in Persian, on a temporary copy of content/: an
 * editor signs in, finds a Persian article by a search typed with Arabic letters and Latin digits, opens it
 * (a reload opens it again), edits a question and the body, sees the preview right to left as the widget
 * draws it, saves, and the file changed in those two lines only. Another tab saves meanwhile: the first
 * tab's save is a conflict showing both versions, and reapplying its change keeps both edits. An agent
 * gets the refusal page and 403 from the API.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { CONTENT_DIR } from '../helpers/content.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'editor-password-123';
const FILE = 'articles/fa/returns.md';
let server: TestServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hamdel-editor-browser-'));
  await cp(CONTENT_DIR, dir, { recursive: true });
  server = await startTestServer({ env: { CONTENT_DIR: dir } });
  const agents = server.hamdel.human.agents;
  await agents.create({ id: 'ed', name: 'ویراستار', role: 'editor', languages: ['fa'], password: PASSWORD });
  await agents.create({ id: 'ali', name: 'علی', role: 'agent', languages: ['fa'], password: PASSWORD });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const onDisk = () => readFile(path.join(dir, FILE), 'utf8');

async function signIn(page: Page, id: string): Promise<void> {
  await page.goto(`${server.url}/editor/`);
  await page.waitForURL(/\/agent\/login\?next=\/editor\//);
  await page.locator('#id').fill(id);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
}

describe('articles in the editor workspace', () => {
  it('finds, edits and saves a Persian article with a minimal change, and a concurrent save is a conflict, not a lost edit', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) blocked.push(m.text());
    });
    const original = await onDisk();
    try {
      await signIn(page, 'ed');
      await page.waitForURL(/\/editor\/$/);
      await page.locator('tr[data-id="returns"]').waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

      // Arabic yeh in "تحويل", Latin digits: the body says "۱۴ روز پس از تحویل".
      await page.locator('input[name="q"]').fill('تحويل 14');
      await page.waitForFunction(() => document.querySelectorAll('tr[data-id]').length < 35);
      expect(await page.locator('tr[data-id="returns"]').count()).toBe(1);
      const missingBefore = await page.locator('tr[data-id] td.missing').count();
      expect(missingBefore).toBe(0);

      await page.locator('tr[data-id="returns"] td[data-language="fa"] a').click();
      await page.waitForURL(/#articles\/fa\/returns$/);
      const title = page.locator('input[name="title"]');
      await title.waitFor();
      expect(await title.inputValue()).toBe('بازگرداندن (مرجوع کردن) کالا');
      await page.reload(); // the hash opens the same article again
      await title.waitFor();
      expect(await title.inputValue()).toBe('بازگرداندن (مرجوع کردن) کالا');
      expect(await title.getAttribute('dir')).toBe('rtl');

      // Edit the second question and the body; the preview follows as the widget would draw it.
      const second = page.locator('input[name="question"]').nth(1);
      expect(await second.inputValue()).toBe('میخوام یه محصول رو مرجوع کنم');
      await second.fill('میخوام یه محصول رو پس بفرستم');
      const body = page.locator('textarea[name="body"]');
      await body.fill((await body.inputValue()).replace('**۱۴ روز پس از تحویل**', '**۲۱ روز پس از تحویل**'));
      const preview = page.locator('.preview .text');
      await page.waitForFunction(() =>
        document.querySelector('.preview .text')?.textContent?.includes('۲۱ روز'),
      );
      expect(await preview.getAttribute('dir')).toBe('rtl');
      expect(await preview.evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
      expect(await preview.locator('strong').first().textContent()).toBe('۲۱ روز پس از تحویل');
      await page.locator('.status.dirty', { hasText: 'تغییرات ذخیره‌نشده' }).waitFor();
      expect(await page.locator('.try-panel').count()).toBe(1);

      await page.locator('button[name="save"]').click();
      await page.locator('.notice.ok', { hasText: 'ذخیره شد' }).waitFor();
      const saved = await onDisk();
      expect(saved.split('\n')).toEqual(
        original
          .split('\n')
          .map((line) =>
            line === '  - میخوام یه محصول رو مرجوع کنم'
              ? '  - میخوام یه محصول رو پس بفرستم'
              : line.replace('**۱۴ روز پس از تحویل**', '**۲۱ روز پس از تحویل**'),
          ),
      );
      expect(saved).not.toBe(original);
      const [entry] = await server.hamdel.human.audit.list({ limit: 1 });
      expect(entry).toMatchObject({ by: 'ed', action: 'article-saved', target: FILE });
      expect(entry?.details.fields).toEqual(['questions', 'body']);

      // Another tab changes the title and saves while this one adds a question.
      const other = await context.newPage();
      await other.goto(`${server.url}/editor/#articles/fa/returns`);
      await other.locator('input[name="title"]').fill('مرجوع کردن کالا');
      await other.locator('button[name="save"]').click();
      await other.locator('.notice.ok').waitFor();
      const theirs = await onDisk();

      await page.locator('input[name="new-question"]').fill('کالای باز شده رو پس میگیرید؟');
      await page.locator('button[name="add-question"]').click();
      await page.locator('button[name="save"]').click();
      const conflict = page.locator('.conflict');
      await conflict.waitFor();
      expect(await onDisk()).toBe(theirs); // nothing overwritten
      expect(await conflict.locator('[data-side="disk"]').textContent()).toContain('title: مرجوع کردن کالا');
      expect(await conflict.locator('[data-side="mine"]').textContent()).toContain(
        'کالای باز شده رو پس میگیرید؟',
      );
      expect(await conflict.locator('.line.differs').count()).toBeGreaterThan(0);

      await conflict.locator('button[name="reapply"]').click();
      await conflict.waitFor({ state: 'detached' });
      expect(await title.inputValue()).toBe('مرجوع کردن کالا');
      await page.locator('button[name="save"]').click();
      await page.locator('.notice.ok', { hasText: 'ذخیره شد' }).waitFor();
      const merged = await onDisk();
      expect(merged.split('\n')).toEqual(
        theirs
          .split('\n')
          .flatMap((line) =>
            line === '  - روند بازگرداندن کالا به چه صورت است؟'
              ? [line, '  - کالای باز شده رو پس میگیرید؟']
              : [line],
          ),
      );

      // An article the knowledge base would refuse is not written; the form says why.
      await title.fill('');
      await page.locator('button[name="save"]').click();
      await page.locator('.problem', { hasText: 'title' }).waitFor();
      expect(await onDisk()).toBe(merged);
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses an agent: the refusal page at /editor/ and 403 from the API', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/editor/`);
      await page.waitForURL(/\/agent\/login/);
      await page.locator('#id').fill('ali');
      await page.locator('#password').fill(PASSWORD);
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/editor/'),
        page.locator('button[type="submit"]').click(),
      ]);
      expect(response.status()).toBe(403);
      await page.locator('body.refused h1').waitFor();
      const status = await page.evaluate(async () => {
        const r = await fetch('/api/editor/articles/fa/returns');
        return [r.status, ((await r.json()) as { code: string }).code];
      });
      expect(status).toEqual([403, 'FORBIDDEN_ROLE']);
      const put = await page.evaluate(async () => {
        const r = await fetch('/api/editor/articles/fa/returns/questions', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question: 'سوال' }),
        });
        return r.status;
      });
      expect(put).toBe(403);
    } finally {
      await context.close();
    }
  });
});
