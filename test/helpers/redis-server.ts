import { freePort } from './free-port.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisAnswers } from '../../src/core/redis.ts';

/** A redis-server of a test's own (no persistence) on a free port, to kill and start again. */
export interface OwnRedis {
  readonly port: number;
  readonly url: string;
  /** Kills it with SIGKILL and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: it keeps nothing); nothing to do while it runs. */
  start(): Promise<void>;
}

export { freePort };

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const own: OwnRedis = {
    port,
    url,
    async start() {
      if (child && child.exitCode === null) return;
      const started = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      child = started;
      for (let i = 0; i < 100; i += 1) {
        if (await redisAnswers(url, 200)) return;
        if (started.exitCode !== null) break;
        await sleep(50);
      }
      throw new Error(`redis-server did not start on port ${port}`);
    },
    async kill() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
  await own.start();
  return own;
}
