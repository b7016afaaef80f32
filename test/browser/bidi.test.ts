/**
 * Mixed directions in a real browser, judged by where each character lands on screen (a Range per
 * character): in Persian and Arabic answers the support phone number, "3-D Secure" and an e-mail address
 * read left to right in their own order while the words around them stay right to left, and the notice
 * "Admin از تیم پشتیبانی به گفت‌وگو پیوست." reads right to left with the name at its start (right) and the
 * full stop at its end (left); all of it in the widget and in the agent console (whose page is English,
 * left to right). A long answer opens at its start in the widget.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { clockFrom, startTestServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'admin-password-123';
const PHONE = '+971 4 555 0100';
const EMAIL = 'support@tabasom.example';
const SECURE = '3-D Secure';

const CASES = {
  fa: {
    contact: 'شماره تماس پشتیبانی چیه؟',
    payment: 'پرداختم انجام نشد',
    person: 'میخوام با یه کارشناس صحبت کنم',
    /** The label before the phone number and the one before the e-mail address, in the contact answer. */
    phoneLabel: 'تلفن:',
    emailLabel: 'ایمیل:',
    joined: 'Admin از تیم پشتیبانی به گفت‌وگو پیوست.',
    joinedWord: 'پیوست',
    /** The "did this help?" question after an answer. */
    helpful: 'این پاسخ به کارتان آمد؟',
  },
  ar: {
    contact: 'كيف اتواصل معكم؟',
    payment: 'البطاقة انرفضت',
    person: 'أريد التحدث مع موظف',
    phoneLabel: 'الهاتف:',
    emailLabel: 'البريد الإلكتروني:',
    joined: 'Admin من فريقنا معك الآن في المحادثة.',
    joinedWord: 'فريقنا',
    helpful: 'هل أفادتك هذه الإجابة؟',
  },
} as const;
type CaseLanguage = keyof typeof CASES;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // Monday 12:00 in Dubai: the sample team is at work (content/teams.yaml).
  server = await startTestServer({ clock: clockFrom(Date.UTC(2026, 10, 23, 8, 0)) });
  await server.hamdel.human.agents.create({
    id: 'admin',
    name: 'Admin',
    role: 'admin',
    languages: ['fa', 'ar', 'en'],
    skills: [],
    capacity: 3,
    team: 'default',
    password: PASSWORD,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Where one character of an element's text is drawn: its centre, in CSS pixels. */
interface Glyph {
  readonly char: string;
  readonly x: number;
  readonly y: number;
}

/**
 * The glyphs of the first occurrence of `needle` in `element`'s text (across text nodes, inside <bdi> and
 * <strong> alike), one Range per character. Spaces are left out: they have no ink to place.
 */
async function glyphs(element: Locator, needle: string): Promise<Glyph[]> {
  const found = await element.evaluate((root, wanted) => {
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const text = nodes.map((node) => node.data).join('');
    const start = text.indexOf(wanted);
    if (start < 0) return { text, glyphs: [] };
    const out: { char: string; x: number; y: number }[] = [];
    for (let i = start; i < start + wanted.length; i += 1) {
      let offset = i;
      const node = nodes.find((candidate) => {
        if (offset < candidate.data.length) return true;
        offset -= candidate.data.length;
        return false;
      });
      const char = text[i] ?? '';
      if (!node || char.trim() === '') continue;
      const range = document.createRange();
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      const box = range.getBoundingClientRect();
      out.push({ char, x: box.left + box.width / 2, y: box.top + box.height / 2 });
    }
    return { text, glyphs: out };
  }, needle);
  if (found.glyphs.length === 0) throw new Error(`"${needle}" is not in: ${found.text}`);
  return found.glyphs;
}

const xs = (list: readonly Glyph[]) => list.map((g) => Math.round(g.x));

/** Every glyph on one line, each to the right of the one before: the run reads left to right. */
function expectLeftToRight(list: readonly Glyph[], what: string): void {
  const line = list[0]?.y ?? 0;
  for (const glyph of list) expect(Math.abs(glyph.y - line), `${what}: one line`).toBeLessThan(4);
  for (let i = 1; i < list.length; i += 1) {
    expect(list[i]?.x ?? 0, `${what} left to right: ${xs(list).join(' ')}`).toBeGreaterThan(
      list[i - 1]?.x ?? 0,
    );
  }
}

/**
 * `before` comes first in the text and is read first, right to left: on the same line all of it lies right
 * of `after`; when the line breaks between them, it is on the line above.
 */
function expectRightOf(before: readonly Glyph[], after: readonly Glyph[], what: string): void {
  const lineBefore = before.at(-1)?.y ?? 0;
  const lineAfter = after[0]?.y ?? 0;
  if (Math.abs(lineBefore - lineAfter) >= 4) {
    expect(lineBefore, `${what} (on the line above)`).toBeLessThan(lineAfter);
    return;
  }
  expect(Math.min(...before.map((g) => g.x)), what).toBeGreaterThan(Math.max(...after.map((g) => g.x)));
}

/** The phone number, the e-mail and "3-D Secure" in their own order, in right-to-left sentences. */
async function expectMixedRunsRight(
  contact: Locator,
  payment: Locator,
  language: CaseLanguage,
): Promise<void> {
  const words = CASES[language];
  const phone = await glyphs(contact, PHONE);
  expectLeftToRight(phone, `${language} phone number`);
  expect(phone[0]?.char).toBe('+'); // the plus sign leads, on the left
  expectRightOf(await glyphs(contact, words.phoneLabel), phone, `${language}: the label, then the number`);
  const email = await glyphs(contact, EMAIL);
  expectLeftToRight(email, `${language} e-mail`);
  expectRightOf(await glyphs(contact, words.emailLabel), email, `${language}: the label, then the address`);

  const secure = await glyphs(payment, `(${SECURE})`);
  const [open, ...rest] = secure;
  const close = rest.pop();
  expectLeftToRight(rest, `${language} 3-D Secure`);
  expect(rest[0]?.char).toBe('3');
  // Right to left around it: "(" opens on the right, ")" closes on the left.
  expect(open?.x ?? 0).toBeGreaterThan(Math.max(...rest.map((g) => g.x)));
  expect(close?.x ?? 0).toBeLessThan(Math.min(...rest.map((g) => g.x)));
}

/** The notice reads right to left: the name keeps its letters' order; the full stop ends it, on the left. */
async function expectNoticeRight(notice: Locator, language: CaseLanguage): Promise<void> {
  const all = await glyphs(notice, CASES[language].joined);
  const name = await glyphs(notice, 'Admin');
  expectLeftToRight(name, `${language} agent name`);
  const stop = all.at(-1);
  expect(stop?.char).toBe('.');
  expect(stop?.x ?? 0).toBeLessThan(Math.min(...all.slice(0, -1).map((g) => g.x)));
  const word = await glyphs(notice, CASES[language].joinedWord);
  expectRightOf(name, word, 'the name first, on the right');
}

const widget = (page: Page): Locator => page.locator('hamdel-chat');

async function customerAsks(page: Page, text: string, answer: RegExp): Promise<Locator> {
  const before = await widget(page).locator('.row.bot[data-id]').count();
  const input = widget(page).locator('textarea');
  await input.fill(text);
  await input.press('Enter');
  await expect
    .poll(() => widget(page).locator('.row.bot[data-id]').count(), { timeout: 20_000 })
    .toBeGreaterThan(before);
  const row = widget(page).locator('.row.bot[data-id]', { hasText: answer }).last();
  await row.waitFor({ timeout: 20_000 });
  return row;
}

describe('mixed directions where customers and agents read them', () => {
  it('lays out Persian and Arabic answers and notices right in the widget and the console, and opens a long answer at its start', async () => {
    const pages: Partial<Record<CaseLanguage, Page>> = {};
    const contexts = [];
    try {
      for (const language of ['fa', 'ar'] as const) {
        const words = CASES[language];
        // A small window, so the contact answer is taller than the widget's message list.
        const context = await browser.newContext({ locale: language, viewport: { width: 900, height: 620 } });
        contexts.push(context);
        const page = await context.newPage();
        pages[language] = page;
        await page.goto(`${server.url}/?lang=${language}`);
        await widget(page).locator('button.bubble').click();

        const contactRow = await customerAsks(page, words.contact, /971/);
        const contact = contactRow.locator('.text');
        expect(await contact.getAttribute('dir')).toBe('rtl'); // from its own words
        // The long answer opens at its start, even with "did this help?" after it: its top is in the upper
        // half of the list (below the greeting of the same replies), and the list is not at its end.
        await widget(page).locator('.row.bot[data-id]', { hasText: words.helpful }).waitFor();
        const view = await contactRow.evaluate((row) => {
          const scroller = row.closest('.scroll') as HTMLElement;
          const list = scroller.getBoundingClientRect();
          const top = row.getBoundingClientRect().top - list.top;
          return {
            top,
            half: scroller.clientHeight / 2,
            taller: row.getBoundingClientRect().height > scroller.clientHeight,
            atEnd: scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2,
          };
        });
        expect(view.taller).toBe(true);
        expect(view.top).toBeGreaterThanOrEqual(0);
        expect(view.top).toBeLessThan(view.half);
        expect(view.atEnd).toBe(false);

        const payment = (await customerAsks(page, words.payment, /Secure/)).locator('.text');
        await expectMixedRunsRight(contact, payment, language);
        // Running text in the reader's digits, the phone number as written (a dialer takes it).
        expect(await contact.textContent()).toMatch(language === 'fa' ? /۹:۰۰/ : /٩:٠٠/);

        await customerAsks(page, words.person, /./);
      }

      // The agent's console is in English (left to right); each message reads in its own direction.
      const agentContext = await browser.newContext({
        locale: 'en-US',
        viewport: { width: 1400, height: 900 },
      });
      contexts.push(agentContext);
      const agent = await agentContext.newPage();
      await agent.goto(`${server.url}/agent/`);
      await agent.waitForURL(/\/agent\/login/);
      await agent.locator('#id').fill('admin');
      await agent.locator('#password').fill(PASSWORD);
      await agent.locator('button[type="submit"]').click();
      await agent.waitForURL(/\/agent\/$/);
      expect(await agent.evaluate(() => getComputedStyle(document.body).direction)).toBe('ltr');

      for (const language of ['fa', 'ar'] as const) {
        const words = CASES[language];
        await agent.locator('.queue-list').getByText(words.person).waitFor();
        await agent.getByRole('button', { name: /Take next/ }).click();
        const transcript = agent.locator('.transcript');
        await transcript.getByText(words.person).waitFor();
        const contact = transcript.locator('.bubble', { hasText: PHONE });
        const payment = transcript.locator('.bubble', { hasText: SECURE });
        expect(await contact.getAttribute('dir')).toBe('rtl');
        await contact.scrollIntoViewIfNeeded();
        await expectMixedRunsRight(contact, payment, language);
        const consoleNotice = transcript.locator('.system-line', { hasText: 'Admin' });
        await consoleNotice.waitFor();
        await expectNoticeRight(consoleNotice, language);

        // The customer's widget shows the same notice, laid out the same way.
        const page = pages[language] as Page;
        const notice = widget(page).locator('.row.system .text', { hasText: 'Admin' });
        await notice.waitFor();
        expect(await notice.getAttribute('dir')).toBe('rtl');
        await expectNoticeRight(notice, language);
      }
    } finally {
      for (const context of contexts) await context.close();
    }
  });
});
