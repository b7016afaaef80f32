/**
 * Minified stylesheets in browser scripts: browser code writes its CSS readably in a template tagged
 * `cssText` (web/shared/css-text.ts), and when a script is built (browser-bundle.ts) this esbuild plugin replaces
 * each such template with the same CSS minified by esbuild's CSS minifier (same rules, fewer bytes: no
 * comments or indentation, shorter colours and keyframe stops). `${...}` parts are kept as they are.
 * Run from the sources without the plugin (unit tests), the tag returns the CSS unchanged.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** A `cssText` tagged template without nested backticks: its text and its `${...}` parts. */
const CSS_TEMPLATE = /\bcssText`((?:[^`\\$]|\\.|\$(?!\{)|\$\{[^}`]*\})*)`/g;
const INTERPOLATION = /\$\{[^}`]*\}/g;
/** What stands for the n-th `${...}` while the CSS is minified (an identifier, kept as written). */
const placeholder = (n: number) => `hamdel-part-${n}-x`;

export type CssMinifier = (css: string) => Promise<string>;

/** Every `cssText` template in a module's source, minified; the source unchanged when it has none. */
export async function minifyCssTemplates(source: string, minify: CssMinifier): Promise<string> {
  const matches = [...source.matchAll(CSS_TEMPLATE)];
  let out = '';
  let last = 0;
  for (const match of matches) {
    const parts: string[] = [];
    const text = (match[1] ?? '').replace(INTERPOLATION, (part) => placeholder(parts.push(part) - 1));
    // The tag is String.raw: the CSS is the template's raw text. In the plain template that replaces it,
    // backslashes, backticks and "${" are escaped, so it makes the same string.
    let minified = (await minify(text)).trim().replace(/\\|`|\$\{/g, (c) => `\\${c}`);
    parts.forEach((part, n) => {
      if (!minified.includes(placeholder(n))) throw new Error(`a cssText template lost its part ${part}`);
      minified = minified.replace(placeholder(n), part);
    });
    out += `${source.slice(last, match.index)}\`${minified}\``;
    last = match.index + match[0].length;
  }
  return out + source.slice(last);
}

/** The esbuild plugin: `cssText` templates in the repository's web/ modules are minified as they are loaded. */
export function cssTemplatesPlugin(): Plugin {
  return {
    name: 'hamdel-css-templates',
    setup(build) {
      const minify: CssMinifier = async (css) => {
        const result = await build.esbuild.transform(css, {
          loader: 'css',
          minify: true,
          logLevel: 'silent',
        });
        return result.code;
      };
      build.onLoad({ filter: /[\\/]web[\\/].*\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('cssText`')) return undefined;
        return { contents: await minifyCssTemplates(source, minify), loader: 'ts' };
      });
    },
  };
}
