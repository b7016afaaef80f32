/**
 * Builds the agent console (web/agent/console) into one self-contained script for GET /agent/console.js.
 * Built in memory with esbuild on start-up: no build step, no files written.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export interface ConsoleBundleOptions {
  /** Minify the script (smaller, unreadable). Default false. */
  readonly minify?: boolean;
}

const ENTRY = fileURLToPath(new URL('../../web/agent/console/main.ts', import.meta.url));

/** The console as one IIFE script (ES2020), ready to serve with Content-Type text/javascript. */
export async function buildConsoleBundle(options: ConsoleBundleOptions = {}): Promise<string> {
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
  if (!output) throw new Error('esbuild produced no output for the agent console bundle');
  return output.text;
}
