import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { HamdelError } from '../core/errors.ts';
import { redisAnswers } from '../core/redis.ts';

export interface LocalRedis {
  /** Stops the child redis-server (it saves its append-only file first). */
  stop(): Promise<void>;
}

/**
 * Makes sure Redis answers at `url`. When nothing does and a `redis-server` binary is on PATH, starts one as
 * a child process with its data in `dataDir` (append-only file on, maxmemory-policy noeviction, as BullMQ
 * needs). Without one, fails with REDIS_UNAVAILABLE and says how to get Redis.
 */
export async function ensureRedis(
  url: string,
  options: { autostart: boolean; dataDir: string; log: (msg: string) => void },
): Promise<LocalRedis | undefined> {
  if (await redisAnswers(url)) return undefined;
  const parsed = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname);
  const howTo =
    'Start Redis (>= 6.2) and set REDIS_URL, or install it so hamdel can start one: ' +
    '"sudo apt-get install redis-server" (Debian/Ubuntu) or "brew install redis" (macOS).';
  if (!options.autostart || !local) {
    throw new HamdelError('REDIS_UNAVAILABLE', `Nothing answers at ${url}. ${howTo}`, { url });
  }
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new HamdelError(
      'REDIS_UNAVAILABLE',
      `Nothing answers at ${url} and redis-server is not on PATH. ${howTo}`,
      {
        url,
      },
    );
  }
  const dir = path.resolve(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = parsed.port || '6379';
  options.log(`No Redis at ${url}: starting redis-server on port ${port} with its data in ${dir}`);
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      port,
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
    ],
    // Its own process group: a Ctrl-C in the terminal stops hamdel, and hamdel stops Redis after its last write.
    { stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await redisAnswers(url, 200)) {
      return {
        async stop() {
          if (child.exitCode !== null) return;
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new HamdelError('REDIS_UNAVAILABLE', `redis-server did not start on port ${port}. ${howTo}`, { url });
}
