/**
 * Browser code (the widget, the agent console, the admin console, the supervisor's dashboard, the editor's
 * workspace) as one self-contained script each. `npm run build` writes
 * both once into dist/browser/, and the built server serves those files. Run from the sources
 * (`npm start`), nothing is prebuilt: the script is built in memory on first request with esbuild, which
 * is loaded only then (it is a development dependency, absent from a production install).
 * The settings the pages need at run time (the digit policy) are put in front of the script when it is
 * served (`withSettings`), so one prebuilt script serves every installation.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serveableScript, type ScriptSource } from '../core/served-script.ts';
import { cssTemplatesPlugin } from './css-templates.ts';
import { WIDGET_MANGLED_NAMES } from './widget-mangled-names.ts';
import type { DigitPolicy } from '../language/digits.ts';

export interface BundleOptions {
  /** Minify the script (smaller, unreadable). Default false. Prebuilt scripts are always minified. */
  readonly minify?: boolean;
  /** Run-time settings for the page (web/shared/page-settings.ts reads them); none: the defaults. */
  readonly settings?: BrowserSettings;
}

/** What the server tells its browser scripts: the digits each language's readers get (DIGITS_FA, DIGITS_AR). */
export interface BrowserSettings {
  readonly digits: DigitPolicy;
  /** The widget launcher's only: the path of the panel's content-hashed script (widget-scripts.ts). */
  readonly panel?: string;
}

/**
 * The script inside a function that first declares `hamdelSettings`: the script reads it as a free
 * name, and the page's own globals stay untouched (the widget runs on other sites' pages).
 */
export function withSettings(script: string, settings: BrowserSettings): string {
  return `(function(){var hamdelSettings=${JSON.stringify(settings)};\n${script}\n})();\n`;
}

/** The entry points, relative to the repository. */
export const BUNDLES = {
  /** The widget's launcher (widget.js), and its chat panel, loaded when needed (widget-scripts.ts). */
  widget: fileURLToPath(new URL('../../web/widget/widget.ts', import.meta.url)),
  'widget-panel': fileURLToPath(new URL('../../web/widget/panel-entry.ts', import.meta.url)),
  console: fileURLToPath(new URL('../../web/agent/console/main.ts', import.meta.url)),
  admin: fileURLToPath(new URL('../../web/admin/main.ts', import.meta.url)),
  supervisor: fileURLToPath(new URL('../../web/supervisor/main.ts', import.meta.url)),
  editor: fileURLToPath(new URL('../../web/editor/main.ts', import.meta.url)),
} as const;

export type BundleName = keyof typeof BUNDLES;

/**
 * The class member names each minified script shortens (only the widget's, which has a size budget). The
 * launcher and the panel are built apart, each shortening names its own way: the names they share (the
 * panel-hook.ts interfaces) are interface keys, which are never in the list.
 */
const MANGLED_NAMES: Readonly<Record<BundleName, readonly string[]>> = {
  widget: WIDGET_MANGLED_NAMES,
  'widget-panel': WIDGET_MANGLED_NAMES,
  console: [],
  admin: [],
  supervisor: [],
  editor: [],
};

/** Where `npm run build` puts a prebuilt script: <outDir>/browser/<name>.js, beside <outDir>/server/. */
export function prebuiltBundleFile(name: BundleName): string {
  return fileURLToPath(new URL(`../browser/${name}.js`, import.meta.url));
}

/**
 * One IIFE script (ES2020) built now with esbuild, ready to serve with Content-Type text/javascript.
 * Class fields are assigned in the constructor (`useDefineForClassFields: false`, as TypeScript did before
 * ES2022) rather than defined through a helper call each: no class here relies on define semantics (none
 * redeclares a field of a class it extends), and the widget is ~0.4 KB smaller gzipped. `cssText` stylesheets
 * are minified (css-templates.ts). Minified, the widget's own class members get short names
 * (widget-mangled-names.ts).
 */
export async function buildBrowserBundle(name: BundleName, options: BundleOptions = {}): Promise<string> {
  const { build } = await import('esbuild');
  const minify = options.minify ?? false;
  const mangled = minify ? MANGLED_NAMES[name] : [];
  const result = await build({
    entryPoints: [BUNDLES[name]],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    write: false,
    minify,
    ...(mangled.length > 0 ? { mangleProps: new RegExp(`^(?:${mangled.join('|')})$`) } : {}),
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    // Instead of tsconfig.json: what of it esbuild reads (strict mode, imports), fields assigned (above).
    tsconfigRaw: {
      compilerOptions: { strict: true, verbatimModuleSyntax: true, useDefineForClassFields: false },
    },
    plugins: [cssTemplatesPlugin()],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for the ${name} bundle`);
  return output.text;
}

/** The prebuilt script when there is one (a built server), otherwise one built now (development). */
export async function loadBrowserBundle(name: BundleName, options: BundleOptions = {}): Promise<string> {
  try {
    return await readFile(prebuiltBundleFile(name), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return buildBrowserBundle(name, options);
}

/**
 * Loads once and serves the same script (with `settings` in front), compressed once (core/served-script.ts);
 * a failed load is tried again on the next request.
 */
export function cachedBundle(name: BundleName, options: BundleOptions = {}): ScriptSource {
  let loaded: ReturnType<ScriptSource> | undefined;
  const settings = options.settings;
  return () =>
    (loaded ??= loadBrowserBundle(name, options)
      .then((script) => serveableScript(settings ? withSettings(script, settings) : script))
      .catch((error: unknown) => {
        loaded = undefined;
        throw error;
      }));
}
