/**
 * The agent console as a support agent uses it, in a real browser: Sara switches the console to Persian
 * (right to left, Persian digits), picks the second customer from the line, finds and reads an earlier
 * conversation, writes an internal note the customer never sees, tags the chat and transfers it to Reza,
 * who is online and has room.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { ConsoleClient } from '../helpers/console-client.ts';
import { clockFrom, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/time.ts';
import { WidgetTestClient } from '../helpers/ws-client.ts';

const PASSWORD = 'agent password 123';
let server: TestServer;
let browser: Browser;
const open: { close(): unknown }[] = [];

beforeAll(async () => {
  server = await startTestServer({ clock: clockFrom(Date.UTC(2026, 10, 23, 8, 0)) });
  const { agents } = server.hamdel.human;
  await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: PASSWORD });
  await agents.create({ id: 'reza', name: 'رضا', languages: ['fa'], password: PASSWORD });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const client of open.splice(0)) await client.close();
  await browser?.close();
  await server?.close();
});

async function customerInLine(words: string) {
  const customer = await WidgetTestClient.connect(server.url, { lang: 'fa' });
  open.push(customer);
  customer.send({ type: 'hello' });
  const { conversationId } = await customer.welcome();
  await customer.say(words, `c-${words.length}-${Date.now()}`);
  await eventually(
    async () => (await server.hamdel.human.queue.waitingIds()).includes(conversationId),
    'the customer in line',
  );
  return { customer, conversationId };
}

describe('the grown-up agent console in a browser', () => {
  it('Persian, pick from the line, history, a note the customer never sees, tags, transfer', async () => {
    // An earlier chat, handled by Reza and resolved.
    const reza = await ConsoleClient.signIn(server.url, 'reza', PASSWORD);
    open.push(reza);
    const earlier = await customerInLine('سلام، میخوام با یه کارشناس صحبت کنم');
    reza.send({ type: 'take', conversationId: earlier.conversationId, ref: 'e' });
    await reza.waitFor((f) => f.type === 'chat');
    reza.send({
      type: 'say',
      conversationId: earlier.conversationId,
      text: 'کد مرجوعی RMA-5521 ثبت شد',
      ref: 's',
    });
    await earlier.customer.waitFor((f) => f.type === 'entry' && f.entry.text.includes('RMA-5521'));
    reza.send({ type: 'resolve', conversationId: earlier.conversationId, ref: 'r' });
    await reza.waitFor((f) => f.type === 'chat-closed');

    const first = await customerInLine('سلام، یه کارشناس لطفا');
    const second = await customerInLine('سلام، میخوام با یه کارشناس درباره مرجوعی صحبت کنم');

    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/agent/login`);
      await page.locator('#id').fill('sara');
      await page.locator('#password').fill(PASSWORD);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/agent\/$/);
      await page.getByRole('button', { name: /Take next/ }).waitFor();

      // Persian, remembered: right to left, Persian digits.
      await page.locator('#console-language').selectOption('fa');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('fa');
      const summary = page.locator('.queue-summary');
      await summary.filter({ hasText: '۲' }).waitFor();
      expect(await summary.textContent()).not.toMatch(/[0-9]/);
      await page.reload();
      await page.getByRole('button', { name: /نفر بعدی/ }).waitFor();

      // Picks the second customer, not the first.
      const secondRow = page.locator(`.queue-item[data-conversation="${second.conversationId}"]`);
      await secondRow.getByRole('button', { name: /برداشتن گفتگو/ }).click();
      await page.locator('.transcript').getByText('درباره مرجوعی').waitFor();
      expect(await server.hamdel.human.queue.ticket(first.conversationId)).toMatchObject({
        status: 'waiting',
      });

      // Another customer's chat is not in this customer's history; among the team's closed chats, the
      // earlier conversation is found by its return code (marked) and read.
      await page.locator('#history-search').fill('RMA-5521');
      await page.locator('#history-search').press('Enter');
      await page.locator('.history-hits').getByText('چیزی پیدا نشد.').waitFor();
      await page.locator('#history-scope').selectOption('closed');
      await page.locator('#history-search').press('Enter');
      await page.locator('.history-hit mark.search-match', { hasText: 'RMA' }).waitFor();
      await page.locator('.history-hit').first().getByRole('button', { name: 'باز کردن' }).click();
      await page.locator('.past-log').getByText('کد مرجوعی RMA-5521 ثبت شد').waitFor();

      // An internal note: shown to the agent as a note, never to the customer.
      const secret = 'یادداشت داخلی: مشتری قبلا مرجوعی داشته';
      await page.getByRole('button', { name: 'یادداشت داخلی' }).click();
      const composer = page.locator('textarea.composer-input');
      await composer.fill(secret);
      await composer.press('Enter');
      await page.locator('.transcript .msg.note', { hasText: secret }).waitFor();

      // Tags.
      await page.locator('#tag-input').fill('مرجوعی');
      await page.locator('#tag-input').press('Enter');
      await page.locator('.chat-actions .tag-chip', { hasText: 'مرجوعی' }).waitFor();
      await eventually(
        async () => (await server.hamdel.human.queue.ticket(second.conversationId))?.tags?.includes('مرجوعی'),
        'the tag on the ticket',
      );

      // Transfer to Reza, online with room.
      await page.getByRole('button', { name: 'واگذاری…' }).click();
      const toReza = page.locator('button.colleague[data-agent="reza"]');
      await toReza.waitFor();
      expect(await toReza.isEnabled()).toBe(true);
      await toReza.click();
      await reza.waitFor((f) => f.type === 'chat' && f.chat.conversationId === second.conversationId);
      expect(await server.hamdel.human.queue.ticket(second.conversationId)).toMatchObject({
        agentId: 'reza',
      });
      const handed = reza.frames.find(
        (f) => f.type === 'chat' && f.chat.conversationId === second.conversationId,
      );
      expect(handed?.type === 'chat' && handed.chat.notes.map((n) => n.text)).toEqual([secret]);

      // The customer never got the note.
      expect(JSON.stringify(second.customer.frames)).not.toContain(secret);
    } finally {
      await context.close();
    }
  });
});
