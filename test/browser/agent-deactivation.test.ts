/**
 * Deactivation in a real browser, in Persian: an admin deactivates an agent from the admin console (after a
 * confirm); the agent's open console closes and goes to the sign-in page, where signing in is refused with
 * the Persian words for AGENT_DEACTIVATED; the admin sees the badge, cannot deactivate themselves (told in
 * Persian), finds the change in the audit log, reactivates the agent, and the agent signs in again.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const ADMIN_PW = 'admin-password-123';
const SARA_PW = 'sara-password-1234';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  const { agents } = server.hamdel.human;
  await agents.create({ id: 'boss', name: 'مدیر', role: 'admin', languages: ['fa'], password: ADMIN_PW });
  await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: SARA_PW });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, id: string, password: string): Promise<void> {
  await page.locator('#id').fill(id);
  await page.locator('#password').fill(password);
  await page.locator('button[type="submit"]').click();
}

/** Accepts the next confirm dialog and returns its text. */
function acceptNextDialog(page: Page): Promise<string> {
  return new Promise((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.accept();
    });
  });
}

describe('deactivating an agent from the admin console', () => {
  it('closes the agent’s console, refuses their sign-in in Persian, and reactivation lets them back', async () => {
    const adminContext = await browser.newContext({ locale: 'fa-IR' });
    const agentContext = await browser.newContext({ locale: 'fa-IR' });
    const admin = await adminContext.newPage();
    const agent = await agentContext.newPage();
    try {
      await agent.goto(`${server.url}/agent/`);
      await signIn(agent, 'sara', SARA_PW);
      await agent.waitForURL(/\/agent\/$/);
      await agent.locator('button.take-next').waitFor();

      await admin.goto(`${server.url}/agent/login?next=/admin/`);
      await signIn(admin, 'boss', ADMIN_PW);
      await admin.waitForURL(/\/admin\/$/);
      const row = admin.locator('tr[data-agent="sara"]');
      await row.waitFor();
      expect(await row.locator('.badge').count()).toBe(0);

      // A confirm in Persian first; then the badge, and the agent's console closes at once.
      const asked = acceptNextDialog(admin);
      await row.locator('button[name="deactivate"]').click();
      expect(await asked).toContain('غیرفعال شود؟');
      await row.locator('.badge', { hasText: 'غیرفعال' }).waitFor();
      await admin.locator('.notice.ok', { hasText: 'غیرفعال شد' }).waitFor();
      await agent.waitForURL(/\/agent\/login/);
      expect(await server.hamdel.human.agents.get('sara')).toHaveProperty('deactivatedAt');

      // Signing in again is refused, with the reason in Persian (the page shows the three languages).
      await signIn(agent, 'sara', SARA_PW);
      const refusal = agent.locator('#error span[lang="fa"]');
      await refusal.waitFor();
      expect(await refusal.textContent()).toBe('این حساب غیرفعال شده است؛ مدیر می‌تواند دوباره فعالش کند.');
      expect(agent.url()).toMatch(/\/agent\/login/);

      // The admin cannot deactivate themselves: said in Persian, nothing changes.
      const own = acceptNextDialog(admin);
      await admin.locator('tr[data-agent="boss"] button[name="deactivate"]').click();
      await own;
      await admin.locator('.notice.error', { hasText: 'حساب خودتان' }).waitFor();
      expect(await server.hamdel.human.agents.get('boss')).not.toHaveProperty('deactivatedAt');

      // The audit log has it, by the admin.
      await admin.locator('nav a[data-section="audit"]').click();
      const entry = admin.locator('tr[data-action="agent-deactivated"]');
      await entry.waitFor();
      expect(await entry.textContent()).toContain('کارشناس غیرفعال شد');

      // Reactivation, with its own confirm, lets the agent in with the old password.
      await admin.locator('nav a[data-section="agents"]').click();
      const back = acceptNextDialog(admin);
      await admin.locator('tr[data-agent="sara"] button[name="reactivate"]').click();
      expect(await back).toContain('دوباره فعال شود؟');
      await admin.locator('tr[data-agent="sara"] button[name="deactivate"]').waitFor();
      expect(await admin.locator('tr[data-agent="sara"] .badge').count()).toBe(0);
      await signIn(agent, 'sara', SARA_PW);
      await agent.waitForURL(/\/agent\/$/);
      await agent.locator('button.take-next').waitFor();
    } finally {
      await adminContext.close();
      await agentContext.close();
    }
  });
});
