/**
 * `npm run build [-- --out-dir tmp-NAME]`: the production build, into dist/ (or another folder next to
 * src/, whose name starts with "tmp-"; the server finds web/ and content/ at ../../ from its own files).
 *
 * 1. tsc -p tsconfig.build.json: src/ to JavaScript with type declarations (`.ts` imports become `.js`,
 *    in the declarations too);
 * 2. the files in src/ that are not TypeScript (the English anger model) are copied beside them;
 * 3. language/natural.js is replaced by an esbuild bundle of the natural modules it imports, so nothing
 *    in the output imports `natural` (a development dependency: its root brings ~34 MB of drivers);
 * 4. the widget, the agent and admin consoles and the supervisor's dashboard are bundled once into
 *    browser/widget.js, console.js, admin.js, supervisor.js and editor.js,
 *    which the built server serves (it needs neither esbuild nor tsx).
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLES, buildBrowserBundle, type BundleName } from '../src/server/browser-bundle.ts';
import { readCommandLine } from '../src/core/command-line.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = path.join(ROOT, 'src');

function outDirFromArgs(): string {
  const values = readCommandLine(
    { 'out-dir': { type: 'string', default: 'dist' } },
    'usage: npm run build [-- --out-dir DIR]',
  );
  const outDir = path.resolve(ROOT, values['out-dir']);
  const name = path.basename(outDir);
  if (path.dirname(outDir) !== path.resolve(ROOT) || (name !== 'dist' && !name.startsWith('tmp-'))) {
    throw new Error(`--out-dir must be dist or tmp-<name> next to src/ (it is emptied first), not ${outDir}`);
  }
  return outDir;
}

function compile(outDir: string): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`tsc failed (exit ${run.status ?? run.signal})`);
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(file);
    else if (entry.isFile()) yield file;
  }
}

/** tsc keeps `./x.ts` in declarations (TypeScript accepts it there, other tools do not): make it `./x.js`. */
async function rewriteDeclarationImports(outDir: string): Promise<void> {
  const relativeTs = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*?)\.ts\2/g;
  for await (const file of filesUnder(outDir)) {
    if (!file.endsWith('.d.ts')) continue;
    const text = await readFile(file, 'utf8');
    const rewritten = text.replace(relativeTs, '$1$2$3.js$2');
    if (rewritten !== text) await writeFile(file, rewritten);
  }
}

async function copyAssets(outDir: string): Promise<void> {
  for await (const file of filesUnder(SRC)) {
    if (file.endsWith('.ts')) continue;
    const target = path.join(outDir, path.relative(SRC, file));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file, target);
  }
}

/** natural's modules, bundled with its MIT licence (which asks that its notice travel with the code). */
async function bundleNatural(outDir: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const { version } = require('natural/package.json') as { version: string };
  const licence = await readFile(
    path.join(path.dirname(require.resolve('natural/package.json')), 'LICENSE.txt'),
    'utf8',
  );
  await build({
    entryPoints: [path.join(SRC, 'language', 'natural.ts')],
    outfile: path.join(outDir, 'language', 'natural.js'),
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: {
      js: `/*! natural ${version}, bundled by hamdel's build.\n${licence.replaceAll('*/', '* /')}*/`,
    },
    logLevel: 'warning',
  });
}

async function bundleBrowserCode(outDir: string): Promise<void> {
  await mkdir(path.join(outDir, 'browser'), { recursive: true });
  for (const name of Object.keys(BUNDLES) as BundleName[]) {
    const script = await buildBrowserBundle(name, { minify: true });
    await writeFile(path.join(outDir, 'browser', `${name}.js`), script);
  }
}

async function main(): Promise<void> {
  const outDir = outDirFromArgs();
  await rm(outDir, { recursive: true, force: true });
  compile(outDir);
  await rewriteDeclarationImports(outDir);
  await copyAssets(outDir);
  await bundleNatural(outDir);
  await bundleBrowserCode(outDir);
  console.log(
    `built ${path.relative(ROOT, outDir)}/ (server, library, browser/widget.js, console.js, admin.js, supervisor.js, editor.js)`,
  );
}

main().catch((error: unknown) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
