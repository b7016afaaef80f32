/**
 * An angry customer who writes with sarcasm, in real browsers: a Persian customer thanks the shop for
 * a three-week wait; the widget shows the apology (before this detector, such a message got neither an
 * apology nor an acknowledgement) and hands the chat to a person; an agent whose console speaks Persian
 * sees why, in Persian: the sarcasm and the frustration, each with the customer's own words.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { clockFrom, startTestServer, type TestServer } from '../helpers/test-server.ts';

const PASSWORD = 'nima-password-123';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // Monday 12:00 in Dubai: the sample team is at work (content/teams.yaml).
  server = await startTestServer({ clock: clockFrom(Date.UTC(2026, 10, 23, 8, 0)) });
  await server.hamdel.human.agents.create({
    id: 'nima',
    name: 'نیما',
    role: 'agent',
    languages: ['fa'],
    skills: [],
    capacity: 2,
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
const SARCASM = 'دستتون درد نکنه، سه هفته‌ست منتظرم و هنوز نرسیده';

describe('a sarcastic angry customer', () => {
  it('gets an apology and a person, and the agent reads why in Persian', async () => {
    const customerContext = await browser.newContext({ locale: 'fa-IR' });
    const agentContext = await browser.newContext({ locale: 'fa-IR' });
    const customer = await customerContext.newPage();
    const agent = await agentContext.newPage();
    try {
      await customer.goto(`${server.url}/?lang=fa`);
      await widget(customer).locator('button.bubble').click();
      const input = widget(customer).locator('textarea');
      await input.fill(SARCASM);
      await input.press('Enter');
      await widget(customer).locator('.row.bot .text', { hasText: 'واقعاً متأسفم' }).waitFor();
      await widget(customer)
        .locator('.row.bot .text', { hasText: 'به یکی از همکارانمان می‌سپارم' })
        .waitFor();

      await agent.goto(`${server.url}/agent/`);
      await agent.waitForURL(/\/agent\/login/);
      await agent.locator('#id').fill('nima');
      await agent.locator('#password').fill(PASSWORD);
      await agent.locator('button[type="submit"]').click();
      await agent.waitForURL(/\/agent\/$/);
      await agent.locator('.queue-list').getByText(SARCASM).waitFor();
      await agent.getByRole('button', { name: 'نفر بعدی' }).click();
      const reasons = agent.locator('.packet-pane .anger-reasons li');
      await reasons.first().waitFor();
      const shown = await reasons.evaluateAll((items) =>
        items.map((li) => ({
          signal: li.querySelector('.signal')?.textContent ?? '',
          evidence: [...li.querySelectorAll('.evidence')].map((e) => e.textContent ?? ''),
        })),
      );
      expect(shown).toContainEqual({ signal: 'طعنه', evidence: ['دستتون درد نکنه'] });
      const frustration = shown.find((r) => r.signal === 'کلافگی');
      expect(frustration?.evidence).toEqual(expect.arrayContaining(['هنوز نرسیده']));
      expect(await agent.locator('.packet-pane .anger-level').textContent()).toBe('عصبانی');
      // Readable: the pane's scroll area (not squeezed by the customer's history and the chat actions)
      // holds the reasons whole once the agent scrolls to them.
      await reasons.last().scrollIntoViewIfNeeded();
      const first = await reasons.first().boundingBox();
      const area = await agent.locator('.packet-scroll').boundingBox();
      expect(first?.height).toBeGreaterThan(10);
      expect(area?.height).toBeGreaterThan(200);
      expect(first?.y).toBeGreaterThanOrEqual(area?.y ?? 0);
      expect((first?.y ?? 0) + (first?.height ?? 0)).toBeLessThanOrEqual(
        (area?.y ?? 0) + (area?.height ?? 0),
      );
    } finally {
      await customerContext.close();
      await agentContext.close();
    }
  });
});
