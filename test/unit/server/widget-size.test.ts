import { describe, expect, it } from 'vitest';
import { DEFAULT_DIGIT_POLICY } from '../../../src/language/digits.ts';
import { widgetScripts } from '../../../src/server/widget-scripts.ts';

/**
 * The widget's size budget (README "Putting the widget on a site"), gzipped, as served (with the settings in
 * front): the launcher (widget.js), which every page view loads, and the launcher with the chat panel it
 * loads when needed. Before the split the one script was 15.8 KB gzipped (44.5 KB raw, 13.8 KB brotli).
 */
const LAUNCHER_GZIP_BUDGET_BYTES = 6 * 1024;
const WHOLE_GZIP_BUDGET_BYTES = 18.75 * 1024;

describe('the widget scripts', () => {
  it(`launcher within ${LAUNCHER_GZIP_BUDGET_BYTES / 1024} KB gzipped, with the panel within ${WHOLE_GZIP_BUDGET_BYTES / 1024} KB`, async () => {
    const scripts = widgetScripts({ digits: DEFAULT_DIGIT_POLICY });
    const [launcher, panel] = await Promise.all([scripts.launcher(), scripts.panel()]);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    for (const [name, script] of [
      ['widget.js (launcher)', launcher],
      ['widget-panel.js', panel],
    ] as const)
      console.log(
        `${name}: ${kb(script.bodies.identity.length)} raw, ${kb(script.bodies.gzip.length)} gzip, ` +
          `${kb(script.bodies.br.length)} brotli`,
      );
    // Both were measured whole: the launcher has its button and loader, the panel the chat.
    expect(launcher.text).toContain('hamdel-panel-1');
    expect(panel.text).toContain('hamdel-panel-1');
    expect(panel.bodies.identity.length).toBeGreaterThan(20_000);
    expect(launcher.text).toContain(`/widget-panel.${panel.hash}.js`);
    expect(launcher.bodies.gzip.length).toBeLessThanOrEqual(LAUNCHER_GZIP_BUDGET_BYTES);
    expect(launcher.bodies.gzip.length + panel.bodies.gzip.length).toBeLessThanOrEqual(
      WHOLE_GZIP_BUDGET_BYTES,
    );
  }, 60_000);
});
