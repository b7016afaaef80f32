/**
 * The widget as a guest on another site (README "Putting the widget on a site"): a host page on its own
 * origin embeds it with the one-tag snippet under a strict Content-Security-Policy and with aggressive
 * styles of its own. The widget opens, answers a Persian question with no CSP violation, adds no global
 * but `hamdel`, is not changed by the host's styles and does not change them, and does not hold up the
 * host page's DOMContentLoaded or first paint.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startHostSite, type HostSite } from '../helpers/host-site.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { TestVisitor, WidgetTestClient } from '../helpers/ws-client.ts';

const QUESTION = 'چطور می‌تونم کالا رو پس بدم؟';
const RETURNS_ARTICLE = /مرجوع|برگردان|بازگرداندن/;

/** A host that styles everything it can reach, with !important. */
const AGGRESSIVE_CSS = `
* { font-size: 40px !important; color: red !important; font-family: serif !important; line-height: 3 !important; }
button { display: none !important; }
div, section, header, form, textarea { padding: 30px !important; margin: 20px !important; border: 5px solid lime !important; }
:root { --accent: lime; --ink: red; }
`;

/** The least a host page's policy needs for the widget: its script, and its socket (README). */
function strictPolicy(hamdel: string, connect = true): string {
  const socket = hamdel.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    `script-src 'self' ${hamdel}`,
    `connect-src 'self'${connect ? ` ${socket}` : ''}`,
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

let server: TestServer;
let host: HostSite;
let unconnected: HostSite;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  host = await startHostSite({ hamdel: server.url, csp: strictPolicy(server.url), css: AGGRESSIVE_CSS });
  unconnected = await startHostSite({ hamdel: server.url, csp: strictPolicy(server.url, false) });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await unconnected?.close();
  await server?.close();
});

/** Records the page's CSP violations and CSP console errors (the recorder is not part of the page). */
async function violations(page: Page): Promise<() => Promise<string[]>> {
  const messages: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) messages.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__csp', { value: seen, enumerable: false });
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  return async () => [
    ...messages,
    ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)),
  ];
}

async function openAndAsk(page: Page): Promise<string> {
  const chat = page.locator('hamdel-chat');
  await chat.locator('button.bubble').click();
  await chat.locator('[role="dialog"]').waitFor({ state: 'visible' });
  const input = chat.locator('textarea');
  await input.fill(QUESTION);
  await input.press('Enter');
  const answer = chat.locator('.row.bot[data-id] .text', { hasText: RETURNS_ARTICLE }).first();
  await answer.waitFor({ timeout: 20_000 });
  return (await answer.textContent()) ?? '';
}

describe('the widget on another site', () => {
  it('answers under a strict host policy with no violation; a policy without its socket is reported', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    try {
      const page = await context.newPage();
      const blocked = await violations(page);
      await page.goto(`${host.url}/with-widget`);
      expect(await openAndAsk(page)).toMatch(RETURNS_ARTICLE);
      expect(await page.evaluate(() => document.body.dataset.hostScript)).toBe('ran');
      expect(await blocked()).toEqual([]);

      // The same check sees a violation when the host forgot connect-src: the check can fail.
      const other = await context.newPage();
      const otherBlocked = await violations(other);
      await other.goto(`${unconnected.url}/with-widget`);
      await other.locator('hamdel-chat button.bubble').click();
      await expect
        .poll(async () => (await otherBlocked()).join('\n'), { timeout: 10_000 })
        .toMatch(/connect-src/);
    } finally {
      await context.close();
    }
  });

  it('adds no global but window.hamdel, and the host styles and the widget keep apart', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    try {
      const plain = await context.newPage();
      await plain.goto(`${host.url}/plain`);
      const page = await context.newPage();
      await page.goto(`${host.url}/with-widget`);
      await openAndAsk(page);

      const keys = (p: Page) => p.evaluate(() => Object.keys(window));
      const before = await keys(plain);
      const after = await keys(page);
      expect(after.filter((k) => !before.includes(k))).toEqual(['hamdel']);
      expect(before.filter((k) => !after.includes(k))).toEqual([]);

      // The widget looks as it should whatever the host's styles say.
      const chat = page.locator('hamdel-chat');
      // (its layout size: the pointer that clicked it still hovers, and hovering scales it a little)
      expect(await chat.locator('button.bubble').evaluate((e) => (e as HTMLElement).offsetWidth)).toBe(60);
      const style = (selector: string) =>
        chat
          .locator(selector)
          .first()
          .evaluate((e) => {
            const s = getComputedStyle(e);
            return {
              font: s.fontSize,
              color: s.color,
              display: s.display,
              padding: s.paddingTop,
              border: s.borderTopColor,
            };
          });
      const title = await style('.title');
      expect(title.font).toBe('16.5px');
      expect(title.color).toBe('rgb(255, 255, 255)');
      const answer = await style('.row.bot[data-id] .text');
      expect(answer.font).toBe('15px');
      expect(answer.color).not.toBe('rgb(255, 0, 0)');
      expect(answer.padding).toBe('9px');
      expect((await style('button.send')).display).toBe('grid');
      expect((await style('textarea')).border).not.toBe('rgb(0, 255, 0)');

      // The host page is the same with the widget as without it.
      const hostLook = (p: Page) =>
        p.evaluate(() => ({
          sheets: document.styleSheets.length,
          adopted: document.adoptedStyleSheets.length,
          head: document.head.children.length - document.head.querySelectorAll('script').length,
          elements: ['body', 'h1', 'p', 'button', 'a', '.box', '.box span'].map((selector) => {
            const s = getComputedStyle(document.querySelector(selector) as Element);
            return [
              selector,
              s.fontSize,
              s.color,
              s.display,
              s.margin,
              s.padding,
              s.fontFamily,
              s.lineHeight,
            ];
          }),
        }));
      expect(await hostLook(page)).toEqual(await hostLook(plain));
    } finally {
      await context.close();
    }
  });

  it('does not hold up the host page: DOMContentLoaded and first paint come before a slow widget.js', async () => {
    const context = await browser.newContext();
    try {
      const timings = async (path: string, page: Page) => {
        await page.goto(`${host.url}${path}`, { waitUntil: 'load' });
        await page.locator('h1').waitFor();
        return page.evaluate(async () => {
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
          const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          const widget = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/widget.js'));
          return {
            domContentLoaded: navigation.domContentLoadedEventEnd,
            firstPaint: paint?.startTime ?? Number.NaN,
            widgetArrived: (widget as PerformanceResourceTiming | undefined)?.responseEnd ?? Number.NaN,
          };
        });
      };
      // Measured as it is: the host's DOMContentLoaded with and without the widget (printed, for the record).
      const runs = { plain: [] as number[], widget: [] as number[] };
      for (let i = 0; i < 5; i += 1) {
        runs.plain.push((await timings('/plain', await context.newPage())).domContentLoaded);
        runs.widget.push((await timings('/with-widget', await context.newPage())).domContentLoaded);
      }
      const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;
      console.log(
        `host DOMContentLoaded, median of 5: ${median(runs.plain).toFixed(1)} ms without the widget, ` +
          `${median(runs.widget).toFixed(1)} ms with it`,
      );

      // The widget's script held back 1.5 s: the host page is loaded and painted long before it arrives.
      const slow = await context.newPage();
      await slow.route(`${server.url}/widget.js`, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      });
      const slowTimes = await timings('/with-widget', slow);
      await slow.locator('hamdel-chat button.bubble').waitFor();
      const after = await slow.evaluate(() => {
        const widget = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/widget.js'));
        return (widget as PerformanceResourceTiming).responseEnd;
      });
      console.log(
        `with widget.js held 1.5 s: DOMContentLoaded ${slowTimes.domContentLoaded.toFixed(1)} ms, first paint ` +
          `${slowTimes.firstPaint.toFixed(1)} ms, widget.js arrived ${after.toFixed(1)} ms`,
      );
      expect(slowTimes.domContentLoaded).toBeLessThan(after - 1000);
      expect(slowTimes.firstPaint).toBeLessThan(after - 1000);
    } finally {
      await context.close();
    }
  });
  it('builds itself only once the host page is parsed; window.hamdel is there at once and keeps early calls', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    try {
      const page = await context.newPage();
      // The host's own script (last in its body) is slow: its page is still being parsed long after
      // widget.js has arrived and run.
      await page.route(`${host.url}/host.js`, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await route.continue();
      });
      await page.addInitScript(() => {
        const seen = { whileParsing: false };
        Object.defineProperty(window, '__seen', { value: seen, enumerable: false });
        const early = setInterval(() => {
          if (!window.hamdel) return;
          clearInterval(early);
          seen.whileParsing = document.readyState === 'loading';
          window.hamdel.open(); // before the widget is built: carried out once it is
        }, 5);
      });
      await page.goto(`${host.url}/with-widget`);
      const chat = page.locator('hamdel-chat');
      await chat.locator('[role="dialog"]').waitFor({ state: 'visible' });
      const seen = await page.evaluate(
        () => (window as unknown as { __seen: { whileParsing: boolean } }).__seen,
      );
      expect(seen.whileParsing).toBe(true); // widget.js had run while the page was parsed...
      expect(await page.evaluate(() => document.body.dataset.widgetBefore)).toBe('false'); // ...but built after
      expect(await chat.locator('button.bubble').getAttribute('aria-expanded')).toBe('true');
    } finally {
      await context.close();
    }
  });
  it('works the same from its content-hashed address, reading its settings from its own tag', async () => {
    const etag = (
      await fetch(`${server.url}/widget.js`, { headers: { 'accept-encoding': 'identity' } })
    ).headers.get('etag');
    const hash = /^"([0-9a-f]{16})"$/.exec(etag ?? '')?.[1];
    expect(hash).toBeDefined();
    const pinned = await startHostSite({
      hamdel: server.url,
      csp: strictPolicy(server.url),
      scriptPath: `/widget.${hash}.js`,
      attributes: 'async data-lang="ar" data-title="متجر الاختبار"',
    });
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      const blocked = await violations(page);
      const response = page.waitForResponse((r) => r.url().endsWith(`/widget.${hash}.js`));
      await page.goto(`${pinned.url}/with-widget`);
      expect((await response).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
      const chat = page.locator('hamdel-chat');
      await chat.locator('button.bubble').click();
      await expect.poll(() => chat.locator('.title').textContent()).toBe('متجر الاختبار');
      expect(await chat.locator('[role="dialog"]').evaluate((e) => getComputedStyle(e).direction)).toBe(
        'rtl',
      );
      expect(await blocked()).toEqual([]);
    } finally {
      await context.close();
      await pinned.close();
    }
  });
  it('loads only the launcher until it is needed; a panel that cannot load is said on the button, and the next click tries again', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    try {
      const page = await context.newPage();
      const blocked = await violations(page);
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      let offline = true;
      await page.route(/\/widget-panel\.[0-9a-f]{16}\.js$/, (route) =>
        offline ? route.abort('internetdisconnected') : route.continue(),
      );
      await page.goto(`${host.url}/with-widget`, { waitUntil: 'load' });
      const chat = page.locator('hamdel-chat');
      const bubble = chat.locator('button.bubble');
      await bubble.waitFor();
      await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
      // A visitor who never chatted: the launcher alone, named in the page's language.
      expect(scripts.filter((path) => path.includes('widget'))).toEqual(['/widget.js']);
      expect(await bubble.getAttribute('aria-label')).toBe('گفت‌وگو با ما');

      // Offline: the click cannot bring the panel; the button says so.
      await bubble.click();
      await expect
        .poll(() => bubble.getAttribute('aria-label'))
        .toBe('گفت‌وگو بارگیری نشد. دوباره امتحان کنید');
      expect(await chat.locator('.badge').textContent()).toBe('!');
      expect(await bubble.getAttribute('aria-busy')).toBeNull();
      expect(await chat.locator('[role="dialog"]').count()).toBe(0);

      // Back online: the next click loads the panel and opens it.
      offline = false;
      await bubble.click();
      await chat.locator('[role="dialog"]').waitFor({ state: 'visible' });
      expect(await bubble.getAttribute('aria-expanded')).toBe('true');
      expect(await chat.locator('.badge').isHidden()).toBe(true);
      expect(scripts.filter((path) => path.startsWith('/widget-panel.')).length).toBe(2);
      // The panel's <script> element has done its part and left the page's head as it was.
      expect(await page.evaluate(() => document.querySelectorAll('script[src*="widget-panel"]').length)).toBe(
        0,
      );
      expect(await blocked()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a visitor with a conversation going on gets the panel when the page is idle, and replies show on the badge', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    try {
      const page = await context.newPage();
      await page.goto(`${host.url}/with-widget`);
      await openAndAsk(page);
      const stored = await page.evaluate(() => {
        const item = (key: string) => Object.entries(localStorage).find(([k]) => k.endsWith(`:${key}`))?.[1];
        return { id: item('visitor') ?? '', secret: item('secret') ?? '' };
      });
      await page.close();

      const again = await context.newPage();
      const panelLoaded = again.waitForRequest((r) => /\/widget-panel\.[0-9a-f]{16}\.js$/.test(r.url()));
      await again.goto(`${host.url}/with-widget`);
      await panelLoaded; // with no click, no hover
      const bubble = again.locator('hamdel-chat button.bubble');
      await expect.poll(() => bubble.getAttribute('aria-controls')).toBe('hamdel-panel');
      expect(await bubble.getAttribute('aria-expanded')).toBe('false');

      // The same visitor asks from elsewhere (a socket with this browser's credentials): the answer shows
      // on the closed widget's badge.
      const visitor = new TestVisitor();
      visitor.credentials = stored;
      const other = await WidgetTestClient.connect(server.url, { visitor, origin: host.url });
      try {
        other.send({ type: 'hello' });
        await other.welcome();
        await other.say(QUESTION, 'from-elsewhere-1');
        await expect
          .poll(() => again.locator('hamdel-chat .badge').isVisible(), { timeout: 20_000 })
          .toBe(true);
        expect(await bubble.getAttribute('aria-label')).toMatch(/پیام تازه/);
      } finally {
        await other.close();
      }
    } finally {
      await context.close();
    }
  });
});
