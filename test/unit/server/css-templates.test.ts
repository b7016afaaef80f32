import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { minifyCssTemplates } from '../../../src/server/css-templates.ts';
import { cssText } from '../../../web/shared/css-text.ts';

const minify = async (css: string) => (await transform(css, { loader: 'css', minify: true })).code;

describe('cssText stylesheets in browser scripts', () => {
  it('are the CSS as written when run from the sources', () => {
    const accent = '#123456';
    expect(cssText`.a { color: ${accent}; }`).toBe('.a { color: #123456; }');
  });

  it('are minified when built, their ${...} parts kept as code', async () => {
    const source = [
      "import { cssText } from '../shared/css-text.ts';",
      'export const sheet = (accent: string) => cssText`',
      '/* the root */',
      '.root {',
      '  --accent: ${accent};',
      '  box-shadow: 0 1px 2px rgba(17, 24, 39, .05);',
      '}',
      '.root .x::before { content: "\\2014"; }',
      '`;',
    ].join('\n');
    const built = await minifyCssTemplates(source, minify);
    expect(built).toContain('=> `.root{--accent: ${accent};box-shadow:0 1px 2px #1118270d}');
    expect(built).not.toContain('cssText`');
    expect(built).not.toContain('the root');
    // The backslash of the CSS escape stays a backslash in the string the plain template makes.
    const css = built.slice(built.indexOf('`') + 1, built.lastIndexOf('`'));
    expect(css).toContain('content:"\\\\2014"');
  });

  it('leave a module without one unchanged', async () => {
    const source = 'export const css = `.a { color: red; }`;';
    expect(await minifyCssTemplates(source, minify)).toBe(source);
  });
});
