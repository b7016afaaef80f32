/**
 * Builds the embeddable chat widget (web/widget) into one self-contained script for GET /widget.js.
 * Built in memory with esbuild on start-up: no build step, no files written.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export interface WidgetBundleOptions {
  /** Minify the script (smaller, unreadable). Default false. */
  readonly minify?: boolean;
}

const ENTRY = fileURLToPath(new URL('../../web/widget/widget.ts', import.meta.url));

/** The widget as one IIFE script (ES2020), ready to serve with Content-Type text/javascript. */
export async function buildWidgetBundle(options: WidgetBundleOptions = {}): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
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
  if (!output) throw new Error('esbuild produced no output for the widget bundle');
  return output.text;
}
