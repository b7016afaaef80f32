/**
 * DIGITS_FA and DIGITS_AR on a real server: Persian and Arabic answers in Latin digits when asked (the
 * sample articles write Persian digits in Persian), phone numbers as written either way, and every page
 * script served with the same policy in front of it (web/shared/page-settings.ts reads it).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { WidgetTestClient } from '../helpers/ws-client.ts';

async function answerTo(server: TestServer, question: string): Promise<string> {
  const client = await WidgetTestClient.connect(server.url);
  client.send({ type: 'hello' });
  const frames = await client.say(question, randomUUID());
  await client.close();
  const bot = frames.flatMap((f) => (f.type === 'entry' && f.entry.author.kind === 'bot' ? [f.entry] : []));
  // The answer: the last message without choices (after it comes "did this help?" with Yes and No).
  return bot.filter((entry) => !entry.choices).at(-1)?.text ?? '';
}

describe('the digit policy, set once', () => {
  let latin: TestServer;
  beforeAll(async () => {
    latin = await startTestServer({ env: { DIGITS_FA: 'latin', DIGITS_AR: 'latin' } });
  });
  afterAll(async () => {
    await latin.close();
  });

  it('writes Persian and Arabic answers in Latin digits with DIGITS_FA=latin and DIGITS_AR=latin', async () => {
    const persian = await answerTo(latin, 'چطور می‌تونم کالا رو پس بدم؟');
    expect(persian).toMatch(/14 روز/);
    expect(persian).not.toMatch(/[۰-۹٠-٩]/);
    const arabic = await answerTo(latin, 'كيف اتواصل معكم؟');
    expect(arabic).toContain('+971 4 555 0100');
    expect(arabic).toMatch(/9:00/);
    expect(arabic).not.toMatch(/[۰-۹٠-٩]/);
  });

  it('serves every page script with the policy in front of it', async () => {
    const prefix = '(function(){var hamdelSettings=';
    for (const path of ['/widget.js', '/widget-panel.js', '/admin/admin.js', '/supervisor/supervisor.js']) {
      const script = await (await fetch(`${latin.url}${path}`)).text();
      expect(script.startsWith(prefix), path).toBe(true);
      const settings = JSON.parse(script.slice(prefix.length, script.indexOf(';\n'))) as { digits?: unknown };
      expect(settings.digits, path).toEqual({ fa: 'latin', ar: 'latin', en: 'latin' });
    }
  });
});
