/** Moments of a journey and what Orca said at each. */
import { chromium, type Page } from 'playwright-core';
import type { Desktop } from './desktop.ts';

export interface Moment {
  readonly what: string;
  readonly heard: string[];
}

export async function until(check: () => Promise<boolean>, what: string, maxMs = 30_000): Promise<void> {
  const end = Date.now() + maxMs;
  while (Date.now() < end) {
    // A check made while the page navigates fails: it is only not yet true.
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export type Listen = (
  what: string,
  act: () => void | Promise<void>,
  shown?: () => Promise<boolean>,
  maxMs?: number,
) => Promise<Moment>;

/** Does something, waits for what the page should show, then for Orca to finish speaking; reports it. */
export function listener(desktop: Desktop, print: (moment: Moment) => void): Listen {
  return async (what, act, shown, maxMs) => {
    const mark = desktop.mark();
    await act();
    if (shown) await until(shown, what, maxMs);
    await desktop.settle();
    const moment = { what, heard: desktop.spokenSince(mark) };
    print(moment);
    return moment;
  };
}

/** How many times each text was heard among the utterances (once is right for a new message). */
export function timesHeard(texts: readonly string[], heard: readonly string[]): string[] {
  return texts.map((text) => {
    const start = text.replace(/\s+/g, ' ').trim().slice(0, 40);
    return `${heard.filter((u) => u.includes(start)).length}× "${start}…"`;
  });
}

/** Opens Chromium on `url` and connects to it through DevTools, to know when to listen (never to act). */
export async function openPage(
  desktop: Desktop,
  url: string,
  locale: string,
): Promise<{ page: Page; close: () => Promise<void> }> {
  const port = 9300 + Math.floor(Math.random() * 600);
  await desktop.openBrowser(url, locale, port);
  const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 90_000 });
  const page = cdp.contexts()[0]?.pages()[0];
  if (!page) throw new Error('no page');
  return {
    page,
    close: async () => {
      await cdp.close().catch(() => undefined);
      desktop.closeBrowser();
    },
  };
}
