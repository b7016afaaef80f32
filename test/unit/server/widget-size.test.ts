import { describe, expect, it } from 'vitest';
import { serveableScript } from '../../../src/core/served-script.ts';
import { DEFAULT_DIGIT_POLICY } from '../../../src/language/digits.ts';
import { buildBrowserBundle, withSettings } from '../../../src/server/browser-bundle.ts';

/**
 * The widget's size budget (README "Putting the widget on a site"): gzipped, as served (with the settings in
 * front). 15.8 KB when it was set (44.5 KB raw, 13.8 KB brotli; 16.9 KB before the build minified its CSS,
 * assigned class fields and shortened its class member names); the rest is room for small features.
 */
const WIDGET_GZIP_BUDGET_BYTES = 16.5 * 1024;

describe('the widget bundle', () => {
  it(`stays within ${WIDGET_GZIP_BUDGET_BYTES / 1024} KB gzipped`, async () => {
    const built = await buildBrowserBundle('widget', { minify: true });
    const served = await serveableScript(withSettings(built, { digits: DEFAULT_DIGIT_POLICY }));
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(
      `widget.js: ${kb(served.bodies.identity.length)} raw, ${kb(served.bodies.gzip.length)} gzip, ` +
        `${kb(served.bodies.br.length)} brotli (budget ${kb(WIDGET_GZIP_BUDGET_BYTES)} gzip)`,
    );
    expect(served.bodies.identity.length).toBeGreaterThan(20_000); // the whole widget was measured
    expect(served.bodies.gzip.length).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET_BYTES);
  }, 30_000);
});
