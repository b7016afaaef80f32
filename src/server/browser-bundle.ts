/**
 * Builds browser code (the widget, the agent console) into one self-contained script, in memory with
 * esbuild on first request: no build step, no files written.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export interface BundleOptions {
  /** Minify the script (smaller, unreadable). Default false. */
  readonly minify?: boolean;
}

/** The entry points, relative to the repository. */
export const BUNDLES = {
  widget: fileURLToPath(new URL('../../web/widget/widget.ts', import.meta.url)),
  console: fileURLToPath(new URL('../../web/agent/console/main.ts', import.meta.url)),
} as const;

/** One IIFE script (ES2020), ready to serve with Content-Type text/javascript. */
export async function buildBrowserBundle(
  name: keyof typeof BUNDLES,
  options: BundleOptions = {},
): Promise<string> {
  const result = await build({
    entryPoints: [BUNDLES[name]],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    write: false,
    minify: options.minify ?? false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for the ${name} bundle`);
  return output.text;
}

/** Builds once and serves the same script; a failed build is tried again on the next request. */
export function cachedBundle(name: keyof typeof BUNDLES, options: BundleOptions = {}): () => Promise<string> {
  let built: Promise<string> | undefined;
  return () =>
    (built ??= buildBrowserBundle(name, options).catch((error: unknown) => {
      built = undefined;
      throw error;
    }));
}
