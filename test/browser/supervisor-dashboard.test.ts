/**
 * The supervisor's dashboard in a real browser, in Persian: after one real chat handed to an agent,
 * resolved and rated 5, and another customer left waiting, a supervisor signs in and sees the live line
 * (one waiting) and the CSAT-by-channel figure for the day, with Persian digits and a Persian-calendar date;
 * the CSV download holds the same figures. Then, with the keyboard alone, the supervisor follows the
 * escalations figure to the two conversations behind it and opens the resolved one read-only, and a cell of
 * the CSAT table (and a point of its chart, with the mouse) to the rating behind it. No
 * content-security-policy violation on the way.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dayIn } from '../../src/core/time-zone.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { clockFrom, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { WidgetTestClient } from '../helpers/ws-client.ts';

const PASSWORD = 'a long password 123';
const ASK_PERSON = 'میخوام با یه کارشناس صحبت کنم';
let server: TestServer;
let browser: Browser;
const clock = clockFrom(Date.UTC(2026, 10, 23, 8, 0));

beforeAll(async () => {
  server = await startTestServer({
    clock,
    env: { HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000' },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A Persian widget customer who asks for a person; returns the client and conversation id once in line. */
async function customerWaits(): Promise<{ client: WidgetTestClient; id: string }> {
  const client = await WidgetTestClient.connect(server.url, { lang: 'fa' });
  client.send({ type: 'hello' });
  const { conversationId } = await client.welcome();
  await client.say(ASK_PERSON, 'ask');
  await vi.waitFor(
    async () => expect((await server.hamdel.human.queue.ticket(conversationId))?.status).toBe('waiting'),
    { timeout: 5_000, interval: 50 },
  );
  return { client, id: conversationId };
}

async function signIn(page: Page, id: string): Promise<void> {
  await page.locator('#id').fill(id);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
}

describe("the supervisor's dashboard", () => {
  it('shows the live line and CSAT by channel in Persian, downloads the CSV, and follows figures to conversations', async () => {
    const { agents, presence, service, queue } = server.hamdel.human;
    await agents.create({
      id: 'lead',
      name: 'مریم',
      role: 'supervisor',
      languages: ['fa'],
      password: PASSWORD,
    });
    const sara = await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: PASSWORD });
    await presence.setStatus('sara', 'online');

    // One real chat: handed to Sara, answered, resolved, rated 5 by the customer.
    const rated = await customerWaits();
    expect(await service.take(sara)).toMatchObject({ kind: 'taken' });
    await service.say(sara, rated.id, 'سلام، من سارا هستم');
    await service.resolve(sara, rated.id, 'done');
    await rated.client.say('۵', 'rate');
    await vi.waitFor(async () => expect((await queue.closedTickets())[0]?.rating).toBe(5), {
      timeout: 5_000,
      interval: 50,
    });
    await rated.client.close();
    // And one customer still waiting.
    const waiting = await customerWaits();
    await server.hamdel.reports.observer.flush();
    const day = dayIn(clock.now(), server.hamdel.reports.timeZone);

    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await context.newPage();
    const blocked: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) blocked.push(m.text());
      if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`);
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    try {
      await page.goto(`${server.url}/supervisor/`);
      await page.waitForURL(/\/agent\/login\?next=\/supervisor\//);
      await signIn(page, 'lead');
      await page.waitForURL((url) => url.pathname === '/supervisor/');
      errors.length = 0; // the sign-in page's own (its session probe answers 401)
      await page
        .locator('h1', { hasText: 'داشبورد سرپرست' })
        .waitFor({ timeout: 5_000 })
        .catch((error: unknown) => {
          throw new Error(`${String(error)}\n${errors.join('\n')}`);
        });
      expect(
        await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang]),
      ).toEqual(['rtl', 'fa']);

      // Live: one waiting customer in the default team's Persian line, Sara online with one free place...
      const waitingTile = page.locator('[data-tile="waiting"] .value');
      await waitingTile.waitFor();
      expect(await waitingTile.textContent()).toBe('۱');
      const ticket = await queue.ticket(waiting.id);
      const line = page.locator(`tr[data-line="${ticket?.pool.team}.fa"]`);
      expect(await line.locator('td').nth(1).textContent()).toBe('فارسی');
      expect(await line.locator('td').nth(2).textContent()).toBe('۱');
      expect(await page.locator('tr[data-agent="sara"] td').nth(3).textContent()).toBe('۰ / ۳');
      // The waiting figure lists who waits: the one customer, whose conversation opens read-only.
      const dialog = page.locator('dialog.conversations');
      await page.locator('[data-tile="waiting"] button').press('Enter');
      await dialog.locator(`tbody tr[data-conversation="${waiting.id}"]`).waitFor();
      expect(await dialog.locator('tbody tr').count()).toBe(1);
      await dialog.getByRole('button', { name: `باز کردن گفتگوی ${waiting.id}` }).press('Enter');
      await dialog.locator('.line.from-customer', { hasText: ASK_PERSON }).waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-focus-key'))).toBe(
        'tile-waiting',
      );

      // Trends, lines by channel (the default): the day's CSAT for the web channel is 5.
      const csatRow = page.locator(`[data-chart="csat"] tr[data-day="${day}"]`);
      await csatRow.waitFor();
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      const persianDay = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
        dateStyle: 'medium',
        timeZone: 'UTC',
      }).format(Date.UTC(y, m - 1, d, 12));
      expect(persianDay).toMatch(/۱۴۰۵/);
      expect(await csatRow.locator('th').textContent()).toBe(persianDay);
      expect(await page.locator('[data-chart="csat"] thead th').nth(1).textContent()).toContain('گفتگوی وب');
      expect(await csatRow.locator('td').first().textContent()).toBe('۵');
      const canvas = page.locator('[data-chart="csat"] canvas');
      await vi.waitFor(async () =>
        expect(await canvas.evaluate((c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(0),
      );

      // The CSV: the same figures, by channel.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a.csv').click()]);
      const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
      const header = (csv[0] ?? '').split(',');
      const web = (csv.find((row) => row.startsWith('web,')) ?? '').split(',');
      expect(web[header.indexOf('csat.average')]).toBe('5');
      expect(web[header.indexOf('csat.ratings')]).toBe('1');

      // The escalations figure, reached and pressed with the keyboard: the two conversations behind it.
      const escalations = page.locator('button.figure[data-metric="volume.escalations"]');
      expect(await escalations.locator('.value').textContent()).toBe('۲');
      await escalations.focus();
      await page.keyboard.press('Enter');
      await dialog.locator('tbody tr').nth(1).waitFor();
      expect(await dialog.locator('h2').textContent()).toBe('واگذارشده به کارشناس');
      expect(await dialog.locator('.count').textContent()).toBe('روی هم ۲');
      const rows = dialog.locator('tbody tr');
      expect(await rows.count()).toBe(2);
      const row = dialog.locator(`tbody tr[data-conversation="${rated.id}"]`);
      const cells = await row.locator('td').allTextContents();
      expect(cells[0]).toMatch(/^[۰-۹]{1,2} [^\s]+ ۱۴۰۵، [۰-۹]{1,2}:[۰-۹]{2}$/); // Persian calendar and digits
      expect(cells.slice(2, 5)).toEqual(['گفتگوی وب', 'فارسی', '\u2068default\u2069']);
      expect(cells[6]).toBe('کارشناس خواست');
      // Tab stops on the rows' buttons; Enter opens the conversation read-only.
      const open = row.getByRole('button', { name: `باز کردن گفتگوی ${rated.id}` });
      await open.focus();
      await page.keyboard.press('Enter');
      const record = dialog.locator('.conversation-record');
      await record.locator('.transcript').waitFor();
      expect(await record.getAttribute('data-conversation')).toBe(rated.id);
      const reply = record.locator('.line.from-agent', { hasText: 'سلام، من سارا هستم' });
      expect(await reply.locator('.author').textContent()).toBe('سارا');
      expect(await record.locator('.line.from-customer').first().textContent()).toContain(ASK_PERSON);
      expect(await record.locator('.tickets').textContent()).toContain('امتیاز ۵ از ۵');
      // Back to the list, then Escape: the dialog closes and the figure has the focus again.
      await record.getByRole('button', { name: 'بازگشت به فهرست' }).press('Enter');
      await rows.first().waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-metric'))).toBe(
        'volume.escalations',
      );

      // A cell of the CSAT table (web, that day): the one rating, 5.
      await csatRow.locator('td button.cell').first().press('Enter');
      await dialog.locator('tbody tr').first().waitFor();
      expect(await dialog.locator('h2').textContent()).toContain('رضایت مشتری');
      expect(await dialog.locator(`tbody tr[data-conversation="${rated.id}"] td.value`).textContent()).toBe(
        '۵',
      );
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      // A point of the conversations chart, with the mouse: that day's conversations.
      await page.locator('[data-chart="volume"] canvas').click();
      await dialog.locator('tbody tr').nth(1).waitFor();
      expect(await dialog.locator('.count').textContent()).toBe('روی هم ۲');
      await dialog.getByRole('button', { name: 'بستن' }).click();
      await dialog.waitFor({ state: 'hidden' });

      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await waiting.client.close();
      await context.close();
    }
  });
});
