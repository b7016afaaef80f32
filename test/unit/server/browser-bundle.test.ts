import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cachedBundle, prebuiltBundleFile } from '../../../src/server/browser-bundle.ts';

// The built server serves prebuilt scripts (test/integration/build.test.ts); this is the development side.
describe('browser scripts run from the sources', () => {
  it('has no prebuilt script beside src/, so the widget is built on demand with esbuild, once', async () => {
    expect(existsSync(prebuiltBundleFile('widget'))).toBe(false);
    const widget = cachedBundle('widget');
    const script = await widget();
    expect(script.text).toMatch(/^"use strict";\n\(\(\) => \{/);
    expect(script.text.length).toBeGreaterThan(10_000); // the whole widget, not a stub
    expect(await widget()).toBe(script);
  }, 30_000);
});
