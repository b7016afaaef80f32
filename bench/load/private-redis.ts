import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { exited, stopChild, waitUntil } from './child-process.ts';
import { freePort } from '../../test/helpers/free-port.ts';
import { parseInfo, type RedisInfo } from './redis-info.ts';

export interface PrivateRedisOptions {
  /** Append-only file with an fsync per write, so a `kill -9` loses nothing acknowledged (fault mode). */
  readonly appendOnly: boolean;
}

/**
 * A redis-server of the bench's own on a free port with its data in a temporary folder, so that INFO's
 * counters count hamdel's commands only. It can be killed with SIGKILL and started again on the same port
 * and data (from its append-only file).
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  private probe: Redis | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly options: PrivateRedisOptions,
  ) {}

  static async start(options: PrivateRedisOptions): Promise<PrivateRedis> {
    const redis = new PrivateRedis(
      await freePort(),
      mkdtempSync(path.join(tmpdir(), 'hamdel-bench-redis-')),
      options,
    );
    await redis.launch();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The same server through its Unix socket (REDIS_URL=unix://...), for hamdel on the same host. */
  get socketUrl(): string {
    return `unix://${path.join(this.dir, 'redis.sock')}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** INFO all, parsed (the bench's own INFO calls are left out of the command counts). */
  async info(): Promise<RedisInfo> {
    if (!this.probe) {
      this.probe = new Redis(this.url, { maxRetriesPerRequest: 1, enableReadyCheck: false });
      this.probe.on('error', () => undefined);
    }
    return parseInfo(await this.probe.info('everything'));
  }

  /** `kill -9`: no chance to save anything that is not in the append-only file yet. */
  async kill9(): Promise<void> {
    this.probe?.disconnect();
    this.probe = undefined;
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    this.child = undefined;
  }

  /** Starts it again on the same port and folder (it loads its append-only file). */
  async restart(): Promise<void> {
    await this.launch();
  }

  async stop(): Promise<void> {
    this.probe?.disconnect();
    this.probe = undefined;
    if (this.child) await stopChild(this.child, 'SIGTERM');
    this.child = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', ''];
    args.push('--unixsocket', path.join(this.dir, 'redis.sock'), '--unixsocketperm', '700');
    args.push('--maxmemory-policy', 'noeviction');
    if (this.options.appendOnly) args.push('--appendonly', 'yes', '--appendfsync', 'always');
    else args.push('--appendonly', 'no');
    const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    this.child = child;
    await waitUntil(
      async () => {
        const probe = new Redis(this.url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } finally {
          probe.disconnect();
        }
      },
      `redis-server on port ${this.port}`,
      () => (child.exitCode === null ? undefined : `redis-server exited with ${child.exitCode}`),
    );
  }
}
