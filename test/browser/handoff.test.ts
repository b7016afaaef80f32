/**
 * The human handoff in real browsers: a Persian customer in the widget asks for a person, sees the apology,
 * the place in line and the wait in Persian digits; an agent signs in to the console, takes the chat, sees
 * the transcript and the reasons, replies; the customer sees the reply under the agent's name; the agent
 * resolves; the customer gets the closing message and rates; the bot answers the next question again.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { clockFrom, startTestServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'sara-password-123';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // Monday 12:00 in Dubai: the sample team is at work (content/teams.yaml).
  server = await startTestServer({ clock: clockFrom(Date.UTC(2026, 10, 23, 8, 0)) });
  await server.hamdel.human.agents.create({
    id: 'sara',
    name: 'سارا',
    role: 'agent',
    languages: ['fa', 'en'],
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

const widget = (page: Page): Locator => page.locator('hamdel-chat');

async function customerSays(page: Page, text: string): Promise<void> {
  const input = widget(page).locator('textarea');
  await input.fill(text);
  await input.press('Enter');
  await widget(page).locator('.row.customer[data-id] .text', { hasText: text }).waitFor();
}

describe('handing a customer to a person and back', () => {
  it('runs the whole journey in the widget and the agent console', async () => {
    const customerContext = await browser.newContext({ locale: 'fa-IR' });
    const agentContext = await browser.newContext({ locale: 'en-US' });
    const customer = await customerContext.newPage();
    const agent = await agentContext.newPage();
    // Both pages run under hamdel's content security policy: nothing is blocked.
    const blocked: string[] = [];
    for (const page of [customer, agent]) {
      page.on('console', (m) => {
        if (/Content.Security.Policy/i.test(m.text())) blocked.push(m.text());
      });
    }
    try {
      // The customer asks for a person in Persian.
      await customer.goto(`${server.url}/?lang=fa`);
      await widget(customer).locator('button.bubble').click();
      await customerSays(customer, 'سلام، میخوام با یه کارشناس صحبت کنم');
      await widget(customer)
        .locator('.row.bot .text', { hasText: 'به یکی از همکارانمان می‌سپارم' })
        .waitFor();
      const place = widget(customer).locator('.row.bot .text', { hasText: 'نفر ۱ در صف' });
      await place.waitFor();
      expect(await place.textContent()).not.toMatch(/[0-9]/); // Persian digits for a Persian customer

      // The agent signs in and sees the chat waiting, with why it came.
      await agent.goto(`${server.url}/agent/`);
      await agent.waitForURL(/\/agent\/login/);
      await agent.locator('#id').fill('sara');
      await agent.locator('#password').fill(PASSWORD);
      await agent.locator('button[type="submit"]').click();
      await agent.waitForURL(/\/agent\/$/);
      const queueItem = agent.locator('.queue-list').getByText('میخوام با یه کارشناس صحبت کنم');
      await queueItem.waitFor();

      await agent.getByRole('button', { name: /Take next/ }).click();
      await agent.locator('.transcript').getByText('میخوام با یه کارشناس صحبت کنم').waitFor();
      // Opening the chat reads nothing out to a screen reader: the log is not live, its live line is quiet.
      const liveLine = agent.locator('.chat-panel .live-line');
      expect(await agent.locator('.transcript [role="log"]').getAttribute('aria-live')).toBe('off');
      expect(await liveLine.textContent()).not.toContain('میخوام با یه کارشناس صحبت کنم');
      await agent
        .locator('.packet-pane')
        .getByText(/Asked for a person/i)
        .waitFor();
      await widget(customer).locator('.row.system .text', { hasText: 'سارا' }).waitFor();

      // The agent replies; the customer sees it under the agent's name.
      const reply = 'سلام، من سارا هستم. چطور می‌تونم کمکتون کنم؟';
      const composer = agent.locator('textarea.composer-input');
      await composer.fill(reply);
      await composer.press('Enter');
      const agentRow = widget(customer).locator('.row.agent', { hasText: reply });
      await agentRow.waitFor();
      expect(await agentRow.textContent()).toContain('سارا');

      // The customer answers; the bot stays silent while a person has the chat.
      await customerSays(customer, 'سفارشم هنوز نرسیده');
      await agent.locator('.transcript').getByText('سفارشم هنوز نرسیده').waitFor();
      // A new line from the customer is said once, with who wrote it.
      await expect.poll(() => liveLine.textContent()).toMatch(/: سفارشم هنوز نرسیده$/);
      const botRowsBefore = await widget(customer).locator('.row.bot').count();

      // The agent resolves; the customer gets the closing words and the 1-5 question, and rates.
      await agent.getByRole('button', { name: /^Resolve$/ }).click();
      await widget(customer).locator('.row.bot .text', { hasText: 'ممنون که با ما صحبت کردید' }).waitFor();
      expect(botRowsBefore).toBe((await widget(customer).locator('.row.bot').count()) - 2);
      await widget(customer).getByRole('button', { name: '۵' }).click();
      await widget(customer).locator('.row.bot .text', { hasText: 'ممنون از نظرتان' }).waitFor();
      const [closed] = await server.hamdel.human.queue.closedTickets();
      expect(closed).toMatchObject({ agentId: 'sara', rating: 5, language: 'fa' });

      // The bot is back.
      await customerSays(customer, 'هزینه ارسال چقدره؟');
      await widget(customer).locator('.row.bot .text', { hasText: '۱۵' }).waitFor();
      expect(blocked).toEqual([]);
    } finally {
      await customerContext.close();
      await agentContext.close();
    }
  });
});
