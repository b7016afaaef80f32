/**
 * The live wait line in a real browser, in Persian and in Arabic: a customer in line behind another sees
 * their place above the composer at once; the connection drops, the one ahead leaves meanwhile, and once
 * the widget is back the line shows the new place (in the reader's digits) without the text having to
 * change again; a reload shows it at once too; when an agent takes the chat the line goes, and the agent's
 * notice and first line come into view (not the start of the bot's replies, which were taller than the list).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/language.ts';
import { RedisConversationStore } from '../../src/conversations/redis-conversation-store.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { connectRedis } from '../helpers/redis.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** A clock at real speed from Monday 12:00 in Dubai (the sample team at work), moved on by `skip`. */
const offset = { ms: Date.UTC(2026, 10, 23, 8, 0) - Date.now() };
const clock = { now: () => Date.now() + offset.ms };
const skip = (ms: number) => (offset.ms += ms);

let server: TestServer;
let browser: Browser;
const redis = connectRedis();

beforeAll(async () => {
  // The supervisor's own rounds stay out of the way: the test moves the line itself.
  server = await startTestServer({ clock, env: { HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000' } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  redis.disconnect();
});

const widget = (page: Page): Locator => page.locator('hamdel-chat');

/** The row is wholly inside the widget's scrolling message list as it is shown. */
async function inView(page: Page, row: Locator): Promise<boolean> {
  const [list, box] = await Promise.all([widget(page).locator('.scroll').boundingBox(), row.boundingBox()]);
  if (!list || !box) return false;
  return box.y >= list.y - 1 && box.y + box.height <= list.y + list.height + 1;
}
const waitLine = (page: Page): Locator => widget(page).locator('.wait-line');

const CASES: readonly {
  language: Language;
  locale: string;
  ask: string;
  /** The place in line as the reader's digits write it. */
  place: (n: number) => RegExp;
  /** Digits the line must not use. */
  foreignDigits: RegExp;
  /** The agent's notice on taking the chat, and the agent's first line. */
  joined: string;
  agentLine: string;
}[] = [
  {
    language: 'fa',
    locale: 'fa-IR',
    ask: 'سلام، میخوام با یه کارشناس صحبت کنم',
    place: (n) => new RegExp(`نفر ${'۰۱۲۳۴۵۶۷۸۹'[n]} در صف`),
    foreignDigits: /[0-9٠-٩]/,
    joined: 'Sara از تیم پشتیبانی به گفت‌وگو پیوست.',
    agentLine: 'سلام، سارا هستم. چطور کمکتان کنم؟',
  },
  {
    language: 'ar',
    locale: 'ar-AE',
    ask: 'أريد التحدث مع موظف من فضلك',
    place: (n) => new RegExp(`قائمة الانتظار: ${'٠١٢٣٤٥٦٧٨٩'[n]}`),
    foreignDigits: /[0-9۰-۹]/,
    joined: 'Sara من فريقنا معك الآن في المحادثة.',
    agentLine: 'مرحبا، أنا سارة. كيف أساعدك؟',
  },
];

describe('the widget shows the live wait line at once, after a dropped connection and after a reload', () => {
  for (const c of CASES) {
    it(`in ${c.language}`, async () => {
      const { turns, human, app } = server.hamdel;
      const store = new RedisConversationStore({ redis, prefix: server.prefix, clock });
      const conversation = async (id: string) => {
        const found = await store.get(id);
        if (!found) throw new Error(`no conversation ${id}`);
        return found;
      };
      // An agent who speaks the language is away (the line is theirs), and someone asked for a person
      // first: the customer is second in line.
      const agent = await human.agents.create({
        id: `agent-${c.language}`,
        name: 'Sara',
        languages: [c.language],
        capacity: 3,
        password: 'agent-password-123',
      });
      await human.presence.setStatus(agent.id, 'away');
      const ahead = `ahead-${c.language}`;
      await turns.submit({
        direction: 'in',
        channel: 'web',
        conversationId: ahead,
        customer: { id: ahead },
        text: c.ask,
        sentAt: clock.now(),
        platformMessageId: `${ahead}-1`,
        raw: {},
        languageHint: c.language,
      });
      const context = await browser.newContext({ locale: c.locale });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/?lang=${c.language}`);
        await widget(page).locator('button.bubble').click();
        const input = widget(page).locator('textarea');
        await input.fill(c.ask);
        await input.press('Enter');
        // The place message, and the line above the composer saying the same at once.
        await widget(page)
          .locator('.row.bot .text', { hasText: c.place(2) })
          .waitFor();
        await expect.poll(() => waitLine(page).textContent()).toMatch(c.place(2));
        expect(await waitLine(page).isVisible()).toBe(true);
        const conversationId = (await human.queue.waitingIds()).find((id) => id !== ahead);
        if (!conversationId) throw new Error('the customer is not in line');

        // The connection drops (the network is gone, the server closes the socket)...
        await context.setOffline(true);
        for (const socket of app.websocketServer.clients) socket.terminate();
        await expect.poll(() => widget(page).locator('.status').textContent()).not.toMatch(/^$/);
        // ...and meanwhile the customer ahead leaves: the update is published to nobody.
        const before = await human.queue.ticket(conversationId);
        await human.service.cancel(await conversation(ahead));
        skip(30_000); // past the least time between two updates
        await human.service.updateWait(await conversation(conversationId));
        expect(before?.status).toBe('waiting');
        expect(await waitLine(page).textContent()).toMatch(c.place(2)); // the widget heard nothing

        // Back online: the line shows the new place as soon as the widget is welcomed again.
        await context.setOffline(false);
        await expect.poll(() => waitLine(page).textContent(), { timeout: 15_000 }).toMatch(c.place(1));
        expect(await waitLine(page).textContent()).not.toMatch(c.foreignDigits);
        expect(await waitLine(page).getAttribute('dir')).toBe('rtl');

        // A reload: the line is there at once, not after the next change.
        await page.reload();
        await widget(page).locator('button.bubble').click();
        await widget(page)
          .locator('.row.bot .text', { hasText: c.place(2) })
          .waitFor();
        await expect.poll(() => waitLine(page).textContent()).toMatch(c.place(1));
        expect(await waitLine(page).isVisible()).toBe(true);

        // The agent comes back and takes the chat: the line goes.
        await human.presence.setStatus(agent.id, 'online');
        expect(await human.service.takeTicket(agent, conversationId)).toMatchObject({ kind: 'taken' });
        await expect.poll(() => waitLine(page).isHidden()).toBe(true);
        await human.service.say(agent, conversationId, c.agentLine);
        const said = widget(page).locator('.row', { hasText: c.agentLine });
        await said.waitFor();
        await expect.poll(() => inView(page, said)).toBe(true);
        expect(await inView(page, widget(page).locator('.row', { hasText: c.joined }))).toBe(true);
      } finally {
        await context.close();
      }
    });
  }
});
