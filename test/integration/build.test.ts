/**
 * The production build: `npm run build` into a tmp-* folder beside src/, then the built server started
 * with plain node from another working directory, with tsx, esbuild and natural made unresolvable (as in
 * a production install), serving the demo page, the prebuilt browser scripts and an answer over the HTTP
 * channel, and stopping cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveableScript } from '../../src/core/served-script.ts';
import { DEFAULT_DIGIT_POLICY } from '../../src/language/digits.ts';
import { withSettings } from '../../src/server/browser-bundle.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT_NAME = `tmp-build-${randomUUID().slice(0, 8)}`;
const OUT = path.join(ROOT, OUT_NAME);
const TOKEN = 'build-test-token-0123456789';
const DEV_ONLY = ['tsx', 'esbuild', 'natural'];
const BUILD_MS = 150_000;

/** Runs a command to its end; rejects with its output when it fails or outlasts `timeoutMs`. */
function run(command: string, args: string[], options: { cwd: string; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} ended with ${code ?? signal}:\n${output}`));
    });
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** A `--import` module that makes the development-only packages unresolvable, as without devDependencies. */
async function writeBlocker(dir: string): Promise<string> {
  const pattern = `^(${DEV_ONLY.join('|')})(/|$)`;
  await writeFile(
    path.join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {
  if (new RegExp(${JSON.stringify(pattern)}).test(specifier)) {
    throw Object.assign(new Error('not installed in production: ' + specifier), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return next(specifier, context);
}
`,
  );
  const register = path.join(dir, 'register.mjs');
  await writeFile(
    register,
    `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
  );
  return pathToFileURL(register).href;
}

describe('the production build', () => {
  let blocker: string;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'hamdel-build-'));
    blocker = await writeBlocker(workDir);
    await run('npm', ['run', '-s', 'build', '--', '--out-dir', OUT_NAME], { cwd: ROOT, timeoutMs: BUILD_MS });
  }, BUILD_MS + 10_000);

  afterAll(async () => {
    await rm(OUT, { recursive: true, force: true });
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('leaves no import of tsx, esbuild or natural in the JavaScript, only the development fallback', async () => {
    const specifier = new RegExp(
      `(?:\\bfrom\\s*|\\bimport\\s*\\(?\\s*|\\brequire\\s*\\(\\s*)['"](?:${DEV_ONLY.join('|')})(?:/[^'"]*)?['"]`,
      'g',
    );
    const found: string[] = [];
    for (const file of await filesUnder(OUT)) {
      if (!file.endsWith('.js')) continue;
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(specifier)) found.push(`${path.relative(OUT, file)}: ${match[0]}`);
    }
    // esbuild is imported on demand only when no prebuilt script exists (npm start from the sources).
    expect(found).toEqual(["server/browser-bundle.js: import('esbuild'"]);
  });

  it('has the library entry with its declarations, and they name .js files', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
      exports: { '.': { types: string; default: string } };
    };
    const entry = pkg.exports['.'];
    expect([entry.types, entry.default]).toEqual(['./dist/mod.d.ts', './dist/mod.js']);
    const declarations = (await filesUnder(OUT)).filter((f) => f.endsWith('.d.ts'));
    expect(declarations.map((f) => path.relative(OUT, f))).toContain('mod.d.ts');
    for (const file of declarations) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toMatch(/['"]\.{1,2}\/[^'"]*\.ts['"]/);
      expect(text, file).not.toMatch(/['"]natural[/'"]/);
    }
    const library = pathToFileURL(path.join(OUT, 'mod.js')).href;
    const printed = await run(
      process.execPath,
      [
        '--import',
        blocker,
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(library)});
console.log(typeof m.createHamdel, m.DEFAULT_STEPS.length > 0)`,
      ],
      { cwd: workDir, timeoutMs: 20_000 },
    );
    expect(printed.trim()).toBe('function true');
  });

  describe('node <out>/server/main.js', () => {
    const prefix = randomPrefix();
    let server: ChildProcess | undefined;
    let url = '';
    let logs = '';

    beforeAll(async () => {
      const child = spawn(process.execPath, ['--import', blocker, path.join(OUT, 'server', 'main.js')], {
        cwd: workDir,
        env: {
          PATH: process.env.PATH,
          PORT: '0',
          HOST: '127.0.0.1',
          REDIS_URL,
          REDIS_AUTOSTART: 'false',
          KEY_PREFIX: prefix,
          CONTENT_WATCH: 'false',
          HTTP_CHANNEL_TOKEN: TOKEN,
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server = child;
      url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "hamdel is up" in 45 s:\n${logs}`)), 45_000);
        const read = (chunk: Buffer) => {
          logs += chunk.toString();
          const up = /hamdel is up[^\n]*?(http:\/\/[^\s"]+)/.exec(logs);
          if (up?.[1]) {
            clearTimeout(timer);
            resolve(up[1].replace(/\/$/, ''));
          }
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the built server exited (${code}) before it was up:\n${logs}`));
        });
      });
    }, 50_000);

    afterAll(async () => {
      if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
      const redis = connectRedis();
      await deleteKeys(redis, prefix);
      redis.disconnect();
    });

    it('serves the demo page and the prebuilt widget and console scripts (agent, admin, supervisor)', async () => {
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      // The page's script (no inline script under the content security policy) adds the widget's tag.
      expect(await page.text()).toContain('src="demo.js"');
      const script = await fetch(`${url}/demo.js`);
      expect(script.status).toBe(200);
      expect(await script.text()).toContain('/widget.js');

      // The widget's panel under its content hash; the launcher is told that address.
      const panelText = withSettings(await readFile(path.join(OUT, 'browser', 'widget-panel.js'), 'utf8'), {
        digits: DEFAULT_DIGIT_POLICY,
      });
      const panelPath = `/widget-panel.${(await serveableScript(panelText)).hash}.js`;
      const panel = await fetch(`${url}${panelPath}`);
      expect(panel.status).toBe(200);
      expect(await panel.text()).toBe(panelText);
      const launcher = await fetch(`${url}/widget.js`);
      const prebuiltLauncher = await readFile(path.join(OUT, 'browser', 'widget.js'), 'utf8');
      expect(await launcher.text()).toBe(
        withSettings(prebuiltLauncher, { digits: DEFAULT_DIGIT_POLICY, panel: panelPath }),
      );

      for (const [route, file] of [
        ['/admin/admin.js', 'admin.js'],
        ['/supervisor/supervisor.js', 'supervisor.js'],
      ] as const) {
        const response = await fetch(`${url}${route}`);
        expect(response.status, route).toBe(200);
        // The prebuilt script as built, with the installation's settings (the digit policy) in front.
        const prebuilt = await readFile(path.join(OUT, 'browser', file), 'utf8');
        expect(await response.text(), route).toBe(withSettings(prebuilt, { digits: DEFAULT_DIGIT_POLICY }));
      }
    });

    it('answers a message on the HTTP channel from the shipped content', async () => {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          customerId: 'build-test',
          text: 'How long does a refund take?',
          messageId: 'b-1',
        }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { replies: { kind: string; articleId?: string }[] };
      expect(body.replies.find((r) => r.kind === 'answer')?.articleId).toBe('refunds');
    });

    it('stops cleanly on SIGTERM', async () => {
      const child = server;
      if (!child) throw new Error('the server did not start');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(logs).toContain('shutting down');
    }, 20_000);
  });
});
