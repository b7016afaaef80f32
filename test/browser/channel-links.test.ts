/**
 * One customer across channels in real browsers: a Persian customer asks the widget to continue on
 * Telegram and sees the code (Persian digits, two groups of four) and the deep link (ASCII digits); the
 * Telegram side (the real grammY stack against the fake Bot API) opens the link and asks for a person; the
 * agent's console, in Persian and right to left, shows one transcript with the Telegram lines marked (the
 * customer's and the agent's reply that went there), lists the linked channel and unlinks it.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAsciiDigits } from '../../src/language/digits.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { FakeTelegram, updates, type TelegramCall } from '../helpers/fake-telegram.ts';
import { clockFrom, startTestServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'sara-password-123';
const SECRET = 'test-webhook-secret-0123456789';
const CHAT = 7301;
let server: TestServer;
let fake: FakeTelegram;
let browser: Browser;

beforeAll(async () => {
  fake = await FakeTelegram.start();
  server = await startTestServer({
    clock: clockFrom(Date.UTC(2026, 10, 23, 8, 0)), // the sample team is at work
    env: {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_BOT_USERNAME: 'TabasomBot',
      HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000',
    },
  });
  await server.hamdel.human.agents.create({
    id: 'sara',
    name: 'سارا',
    languages: ['fa', 'en'],
    password: PASSWORD,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
});

const widget = (page: Page): Locator => page.locator('hamdel-chat');
const telegram = (text: string) =>
  fetch(`${server.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(updates.text(CHAT, text)),
  });
const sentToChat = (contains: string) => (call: TelegramCall) =>
  call.method === 'sendMessage' &&
  call.payload.chat_id === CHAT &&
  String(call.payload.text ?? '').includes(contains);

describe('one customer across channels, in the widget and the console', () => {
  it('shows the code in Persian, one marked transcript to the agent, and unlinks from the console', async () => {
    const customerContext = await browser.newContext({ locale: 'fa-IR' });
    const agentContext = await browser.newContext({ locale: 'fa-IR' });
    const customer = await customerContext.newPage();
    const agent = await agentContext.newPage();
    try {
      await customer.goto(`${server.url}/?lang=fa`);
      await widget(customer).locator('button.bubble').click();
      const input = widget(customer).locator('textarea');
      await input.fill('ادامه در تلگرام');
      await input.press('Enter');
      const codeRow = widget(customer).locator('.row.bot .text', { hasText: 't.me/TabasomBot' });
      await codeRow.waitFor();
      const shown = (await codeRow.textContent()) ?? '';
      // The code in Persian digits, two groups of four; the link keeps ASCII digits.
      const persian = /\u2066([\u06F0-\u06F9]{4})\s([\u06F0-\u06F9]{4})\u2069/.exec(shown);
      expect(persian).not.toBeNull();
      const code = toAsciiDigits(`${persian?.[1]}${persian?.[2]}`);
      expect(shown).toContain(`https://t.me/TabasomBot?start=${code}`);

      // Telegram: the deep link, then a request for a person.
      await telegram(`/start ${code}`);
      await fake.waitForCall(sentToChat('وصل شدید'), 'linked');
      await telegram('میخوام با یک اپراتور صحبت کنم');
      await fake.waitForCall(sentToChat('همکاران'), 'handed over');

      // The agent's console, in Persian: one transcript, the Telegram lines marked.
      await agent.goto(`${server.url}/agent/login`);
      await agent.locator('#id').fill('sara');
      await agent.locator('#password').fill(PASSWORD);
      await agent.locator('button[type="submit"]').click();
      await agent.waitForURL(/\/agent\/$/);
      expect(await agent.locator('html').getAttribute('dir')).toBe('rtl');
      await agent.locator('.queue-list').getByText('میخوام با یک اپراتور صحبت کنم').waitFor();
      await agent.getByRole('button', { name: /نفر بعدی/ }).click();
      const transcript = agent.locator('.transcript');
      await transcript.getByText('ادامه در تلگرام').waitFor();
      const composer = agent.locator('textarea.composer-input');
      await composer.fill('سلام، من سارا هستم.');
      await composer.press('Enter');
      const agentLine = transcript.locator('.msg', { hasText: 'سلام، من سارا هستم.' });
      await agentLine.locator('.msg-channel', { hasText: 'تلگرام' }).waitFor();
      const asked = transcript.locator('.msg', { hasText: 'میخوام با یک اپراتور صحبت کنم' });
      expect(await asked.locator('.msg-channel').textContent()).toBe('تلگرام');
      const web = transcript.locator('.msg.from-customer', { hasText: 'ادامه در تلگرام' });
      expect(await web.locator('.msg-channel').count()).toBe(0); // the chat's own channel is not marked
      await agent.screenshot({ path: 'test-results/channel-links-console.png', fullPage: true });

      // The linked channels, and unlink.
      const panel = agent.locator('.packet-section.links');
      await panel.getByRole('button', { name: 'نمایش کانال‌های وصل‌شده' }).click();
      const row = panel.locator(`li[data-address="tg-${CHAT}"]`);
      await row.getByText('تلگرام').waitFor();
      await agent.screenshot({ path: 'test-results/channel-links-panel.png', fullPage: true });
      await row.getByRole('button', { name: 'قطع اتصال تلگرام' }).click();
      await panel.getByText('تلگرام دیگر وصل نیست').waitFor();
      await panel.getByText('کانال دیگری به این گفتگو وصل نیست.').waitFor();
      const audit = await server.hamdel.human.audit.list();
      expect(audit[0]).toMatchObject({ by: 'sara', action: 'channel-unlinked', target: `tg-${CHAT}` });

      // The customer links Telegram again while the list is open: it shows there without a click.
      await input.fill('ادامه در تلگرام');
      await input.press('Enter');
      const codes = widget(customer).locator('.row.bot .text', { hasText: 't.me/TabasomBot' });
      await expect.poll(() => codes.count()).toBe(2);
      const again = /start=(\d{8})/.exec((await codes.last().textContent()) ?? '')?.[1];
      expect(again).toBeDefined();
      await telegram(`/start ${again}`);
      await row.getByText('تلگرام').waitFor();
      expect(await panel.getByText('کانال دیگری به این گفتگو وصل نیست.').count()).toBe(0);
      // …and its status line (role=status, heard by a screen reader) says which channel came.
      await expect
        .poll(() => panel.getByRole('status').textContent())
        .toBe('تلگرام همین حالا به این گفتگو وصل شد.');
      await customer.screenshot({ path: 'test-results/channel-links-widget.png' });
    } finally {
      await customerContext.close();
      await agentContext.close();
    }
  });
});
