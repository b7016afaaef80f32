/**
 * The admin console's HTTP callbacks section in a real browser, in Arabic: a callback that refuses every
 * attempt leaves a dead letter, shown right to left with Arabic digits; after the integrator fixes the
 * callback the admin replays it, the message and the one held behind it arrive in order, and the list empties.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { RedisConversationStore } from '../../src/conversations/redis-conversation-store.ts';
import { connectRedis } from '../helpers/redis.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { CallbackReceiver } from '../helpers/callback-receiver.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/time.ts';

const ADMIN_PW = 'admin-password-123';
const TOKEN = 'integrator-token-0123456789';
let server: TestServer;
let browser: Browser;
let receiver: CallbackReceiver;

beforeAll(async () => {
  receiver = await CallbackReceiver.start();
  server = await startTestServer({
    env: {
      HTTP_CHANNEL_TOKEN: TOKEN,
      HTTP_CHANNEL_CALLBACK_SECRET: 'callback-secret-0123456789abcdef0123456789',
      HTTP_CHANNEL_CALLBACK_INSECURE: 'true',
      HTTP_CHANNEL_CALLBACK_ATTEMPTS: '2',
      HTTP_CHANNEL_CALLBACK_BACKOFF_MS: '50',
    },
  });
  await server.hamdel.human.agents.create({
    id: 'boss',
    name: 'المدير',
    role: 'admin',
    languages: ['ar'],
    password: ADMIN_PW,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
});

describe("the admin console's HTTP callbacks", () => {
  it('shows a dead letter in Arabic and replays it after the callback is fixed', async () => {
    receiver.breakPath('/hook');
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ customerId: 'crm-ar', text: 'مرحبا', callbackUrl: `${receiver.url}/hook` }),
    });
    expect(response.status).toBe(200);
    const redis = connectRedis();
    const conversation = await new RedisConversationStore({
      redis,
      prefix: server.prefix,
      clock: systemClock,
    }).get('http-crm-ar');
    redis.disconnect();
    if (!conversation) throw new Error('no conversation');
    const http = server.hamdel.channels.get('http');
    await http?.showWait?.(conversation, { position: 2, text: 'أنت الثاني' });
    await eventually(() => receiver.received.filter((r) => r.path === '/hook').length === 2, 'two attempts');
    await http?.showWait?.(conversation, { position: 1, text: 'أنت التالي' });

    const context = await browser.newContext({ locale: 'ar-AE' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/agent/login?next=/admin/`);
      await page.locator('#id').fill('boss');
      await page.locator('#password').fill(ADMIN_PW);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === '/admin/');
      await page.goto(`${server.url}/admin/?section#callbacks`);
      const row = page.locator('tr[data-delivery="http-crm-ar.1"]');
      await row.waitFor({ timeout: 10_000 });
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await row.locator('td').nth(3).textContent()).toBe('٢'); // two attempts, in Arabic digits
      expect(await page.locator('nav a[data-section="callbacks"]').textContent()).toBe('استدعاءات HTTP');

      receiver.fixPath('/hook');
      await row.locator('button[name="replay"]').click();
      await page.locator('.notice.ok').waitFor();
      const accepted = await eventually(() => {
        const got = receiver.accepted('/hook');
        return got.length === 2 ? got : undefined;
      }, 'the replayed message and the held one');
      expect(accepted.map((r) => (JSON.parse(r.body) as { wait: { text: string } }).wait.text)).toEqual([
        'أنت الثاني',
        'أنت التالي',
      ]);
      await page.locator('tr[data-delivery]').waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });
});
