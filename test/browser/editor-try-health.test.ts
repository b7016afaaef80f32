/**
 * The editor's "What would the bot answer?" and "Health" in a real browser: an editor signs in, types a
 * Persian question and sees the decision, how the bot read each word (a synonym) and why the first
 * article came up, in Persian with Persian digits; an Arabic editor types a dialect question and sees it
 * read, the bot's choice, and that an upset customer is offered a person; a pasted draft is answered
 * beside the published articles; the health section lists the questions that lead to another article,
 * each linking to its article.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { CONTENT_DIR } from '../helpers/content.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const PW = 'editor-password-123';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  await server.hamdel.human.agents.create({
    id: 'ed',
    name: 'ویراستار',
    role: 'editor',
    languages: ['fa', 'ar'],
    password: PW,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(locale: string): Promise<{ page: Page; blocked: string[] }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) blocked.push(m.text());
  });
  await page.goto(`${server.url}/editor/#try`);
  await page.waitForURL(/\/agent\/login/);
  await page.locator('#id').fill('ed');
  await page.locator('#password').fill(PW);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/editor/');
  // Signing in comes back to /editor/ (its first section): the try section by its hash.
  await page.goto(`${server.url}/editor/#try`);
  await page.locator('form[name="try"]').waitFor();
  return { page, blocked };
}

async function ask(page: Page, question: string): Promise<void> {
  if (!(await page.locator('form[name="try"]').isVisible())) {
    await page.locator('nav a[data-section="try"]').click();
  }
  const results = page.locator('.try-results');
  const before = Number((await results.getAttribute('data-answered')) ?? '0');
  await page.locator('textarea[name="question"]').fill(question);
  await page.locator('textarea[name="question"]').press('Enter');
  await page.waitForFunction(
    (count) => Number(document.querySelector('.try-results')?.getAttribute('data-answered') ?? '0') > count,
    before,
  );
  // Settled: no request running, none waiting (a draft's edit asks again by itself).
  await page.locator('.try-results:not([aria-busy])').waitFor();
}

describe("the editor's try and health sections", () => {
  it('answers a Persian question and shows why, in Persian', async () => {
    const { page, blocked } = await signedIn('fa-IR');
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual([
      'rtl',
      'fa',
    ]);
    await ask(page, 'میخوام سفارشمو کنسل کنم');
    const published = page.locator('.outcome[data-side="published"]');
    expect(await published.getAttribute('data-decision')).toBe('answer');
    expect(await published.getAttribute('data-language')).toBe('fa');
    expect(await published.locator('.decision').textContent()).toContain('پاسخ می‌دهد');
    // کنسل was read as لغو through the synonyms, and the first article shares it.
    const changed = published.locator('.words .word[data-how="synonym"]');
    expect(await changed.textContent()).toMatch(/کنسل.*لغو.*مترادف/);
    expect(await changed.getAttribute('class')).toContain('matched');
    const first = published.locator('ol.top > li').first();
    expect(await first.getAttribute('data-article')).toBe('order-cancel');
    expect(await first.locator('a').getAttribute('href')).toBe('#articles/fa/order-cancel');
    expect(await first.locator('.shared .word.matched').allTextContents()).toEqual(
      expect.arrayContaining(['لغو']),
    );
    expect(await first.locator('.nearest li').first().textContent()).toContain('میخوام سفارشمو کنسل کنم');
    // The confidence in Persian digits, and the answer the customer reads.
    expect(await first.locator('.score').textContent()).toMatch(/^[۰-۹]+٪$/);
    expect(await published.locator('.reply').first().textContent()).toContain('لغو');
    expect(blocked).toEqual([]);
    await page.context().close();
  });

  it('reads an Arabic dialect question, and says an upset customer is offered a person', async () => {
    const { page, blocked } = await signedIn('ar-AE');
    expect(await page.locator('h2').textContent()).toBe('بماذا سيجيب البوت؟');
    await ask(page, 'ما وصلتش الطلبية');
    const published = page.locator('.outcome[data-side="published"]');
    expect(await published.getAttribute('data-decision')).toBe('clarify');
    expect(await published.getAttribute('data-language')).toBe('ar');
    expect(await published.locator('.decision').textContent()).toContain('يسأل أيّ مقالة');
    expect(await published.locator('.mood').textContent()).toContain('يعرض البوت موظفًا');
    expect(await published.locator('.words .word[data-how="dialect"]').textContent()).toMatch(/وصلتش.*وصلت/);
    expect(await published.locator('ol.top > li').first().getAttribute('data-article')).toBe('delivery-late');
    // Words the article shares are shown as typed (الطلبية, not its folded form).
    expect(
      await published.locator('ol.top > li').first().locator('.shared .word').allTextContents(),
    ).toContain('الطلبية');
    expect(await published.locator('.reply .choices li').allTextContents()).toEqual(['التحدث مع موظف']);
    expect(await published.locator('.score').first().textContent()).toMatch(/[٠-٩]/);
    expect(blocked).toEqual([]);
    await page.context().close();
  });

  it('answers against a pasted draft beside the published articles', async () => {
    const { page } = await signedIn('fa-IR');
    const question = 'پول برگشت';
    const file = readFileSync(`${CONTENT_DIR}articles/fa/refunds.md`, 'utf8');
    await page.locator('details.draft-compare summary').click();
    await page.locator('select[name="draft-language"]').selectOption('fa');
    await page.locator('input[name="draft-id"]').fill('refunds');
    await page
      .locator('textarea[name="draft-text"]')
      .fill(file.replace('questions:\n', `questions:\n  - ${question}\n`));
    await ask(page, question);
    await page.locator('.side-by-side .outcome[data-side="draft"]').waitFor();
    expect(await page.locator('.outcome[data-side="published"]').getAttribute('data-decision')).toBe('none');
    const draft = page.locator('.outcome[data-side="draft"]');
    expect(await draft.getAttribute('data-decision')).toBe('answer');
    expect(await draft.locator('ol.top > li').first().getAttribute('data-article')).toBe('refunds');
    // A draft that cannot be read: its reason beside the published answer.
    await page.locator('textarea[name="draft-text"]').fill('بدون سرآغاز');
    await ask(page, question);
    await page.locator('.outcome[data-side="draft"] .draft-error').waitFor();
    expect(await page.locator('.draft-error').textContent()).toContain('front matter');
    expect(await page.locator('.outcome[data-side="published"]').getAttribute('data-decision')).toBe('none');
    await page.context().close();
  });

  it("answers beside the article's editor, with its unsaved draft", async () => {
    const { page } = await signedIn('fa-IR');
    await page.goto(`${server.url}/editor/#articles/fa/refunds`);
    const panel = page.locator('.beside .try-panel');
    await panel.locator('textarea[name="question"]').waitFor();
    const question = 'پول برگشت';
    // Nothing unsaved: the published articles alone.
    await ask(page, question);
    expect(await panel.locator('.outcome').count()).toBe(1);
    expect(await panel.locator('.outcome[data-side="published"]').getAttribute('data-decision')).toBe('none');
    // A new example question, not saved: asked again by itself, the draft beside the published.
    await page.locator('input[name="new-question"]').fill(question);
    await page.locator('input[name="new-question"]').press('Enter');
    const draft = panel.locator('.side-by-side .outcome[data-side="draft"]');
    await draft.waitFor();
    expect(await draft.getAttribute('data-decision')).toBe('answer');
    expect(await draft.locator('ol.top > li').first().getAttribute('data-article')).toBe('refunds');
    expect(await panel.locator('.outcome[data-side="published"]').getAttribute('data-decision')).toBe('none');
    // Nothing was written.
    expect(readFileSync(`${CONTENT_DIR}articles/fa/refunds.md`, 'utf8')).not.toContain(question);
    await page.context().close();
  });

  it('shows the health report with links to the articles', async () => {
    const { page } = await signedIn('fa-IR');
    await page.locator('nav a[data-section="health"]').click();
    await page.locator('[data-health="leave-one-out"]').waitFor({ timeout: 45_000 });
    const right = await page.locator('[data-figure="right"] strong').textContent();
    expect(right).toMatch(/^[۰-۹]+$/);
    const conflict = page.locator('[data-health="conflicts"] tbody tr').first();
    expect(await conflict.locator('a').first().getAttribute('href')).toMatch(/^#articles\/fa\/[a-z0-9-]+$/);
    // The report is the server's.
    const { reports } = (await (
      await page.request.get(`${server.url}/api/editor/health?language=fa`)
    ).json()) as { reports: { conflicts: unknown[] }[] };
    expect(await page.locator('[data-health="conflicts"] tbody tr').count()).toBe(
      reports[0]?.conflicts.length,
    );
    await conflict.locator('a').first().click();
    expect(new URL(page.url()).hash).toMatch(/^#articles\/fa\//);
    await page.context().close();
  }, 60_000);
});
