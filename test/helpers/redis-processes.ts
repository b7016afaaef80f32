import { freePort } from './free-port.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/** redis-server processes that tests start (a Cluster's nodes, a master, a replica, Sentinels) in a temp dir. */
export class RedisProcesses {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'hamdel-redis-'));
  private readonly children = new Map<number, ChildProcess>();
  private readonly killAll = () => {
    for (const child of this.children.values()) child.kill('SIGKILL');
  };

  constructor() {
    // A test runner that dies mid-suite must not leave servers behind.
    process.once('exit', this.killAll);
  }

  /** Starts `redis-server` with `args` (or a config file first) on `port`, logging to a file; waits for PING. */
  async start(port: number, args: readonly string[], password?: string): Promise<void> {
    const child = spawn(
      'redis-server',
      [...args, '--port', String(port), '--bind', '127.0.0.1', '--logfile', this.logFile(port)],
      { stdio: 'ignore', cwd: this.dir },
    );
    this.children.set(port, child);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (await answers(port, password)) return;
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`redis-server on ${port} did not start:\n${this.log(port)}`);
      }
      await sleep(50);
    }
  }

  /** Kills the server on `port` at once (SIGKILL: no goodbye to clients, replicas or Sentinels). */
  async kill(port: number): Promise<void> {
    const child = this.children.get(port);
    if (!child) return;
    this.children.delete(port);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** The last lines of a server's log (for failure messages). */
  log(port: number, lines = 30): string {
    try {
      return readFileSync(this.logFile(port), 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Kills every server and removes the temp dir. */
  async stop(): Promise<void> {
    await Promise.all([...this.children.keys()].map((port) => this.kill(port)));
    process.removeListener('exit', this.killAll);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private logFile(port: number): string {
    return path.join(this.dir, `redis-${port}.log`);
  }
}

export { freePort };

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** A short-lived connection to one server (no retries: a test waits in its own loop). */
export function connectTo(port: number, password?: string): Redis {
  const redis = new Redis({
    host: '127.0.0.1',
    port,
    ...(password ? { password } : {}),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
  });
  redis.on('error', () => undefined);
  return redis;
}

/** Runs `work` on a short-lived connection to one server. */
export async function withServer<T>(
  port: number,
  password: string | undefined,
  work: (r: Redis) => Promise<T>,
) {
  const redis = connectTo(port, password);
  try {
    await redis.connect();
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function answers(port: number, password?: string): Promise<boolean> {
  return withServer(port, password, async (redis) => (await redis.ping()) === 'PONG').catch(() => false);
}
