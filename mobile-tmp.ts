import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: 'fa' });
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
try { await cdp.send('Emulation.setSafeAreaInsetsOverride' as never, { insets: { top: 30, bottom: 20, left: 0, right: 0 } } as never); console.log('safe-area ok'); } catch (e) { console.log('no safe area', String(e).slice(0, 200)); }
await page.goto(`http://127.0.0.1:3479/?lang=fa`);
const chat = page.locator('hamdel-chat');
await page.evaluate(() => document.querySelector('meta[name=viewport]')!.setAttribute('content', 'width=device-width, initial-scale=1, viewport-fit=cover'));
await chat.locator('button.bubble').tap();
await chat.locator('[role="dialog"]').waitFor({ state: 'visible' });
const rect = () => chat.locator('form.composer').evaluate((e) => { const b = e.getBoundingClientRect(); const h = (e.getRootNode() as ShadowRoot).querySelector('.header')!; return { top: b.top, bottom: b.bottom, vvTop: visualViewport!.offsetTop, vvH: visualViewport!.height, scale: visualViewport!.scale, headerPad: getComputedStyle(h).paddingTop }; });
console.log('before', JSON.stringify(await rect()));
await page.screenshot({ path: '/tmp/sa.png' });
await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 });
await page.waitForTimeout(500);
console.log('pinched', JSON.stringify(await rect()));
await page.screenshot({ path: '/tmp/pinch.png' });
await browser.close();
