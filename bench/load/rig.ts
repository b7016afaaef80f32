import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HamdelProcess } from './hamdel-process.ts';
import { PrivateRedis } from './private-redis.ts';
import { cpuMs, rssBytes } from './proc-stats.ts';
import type { RedisInfo } from './redis-info.ts';

export interface RigOptions {
  readonly processes: number;
  /** Redis with an append-only file and an fsync per write (fault mode). */
  readonly appendOnly: boolean;
  /** How the hamdel processes reach Redis: TCP on loopback (default) or its Unix socket. */
  readonly link?: RedisLink;
}

/** How hamdel reaches Redis in a run. */
export type RedisLink = 'tcp' | 'unix';

/** What the coordinator reads before and after a run. */
export interface Snapshot {
  readonly at: number;
  readonly info: RedisInfo;
  /** user+sys CPU so far of each hamdel process, in ms. */
  readonly serverCpuMs: readonly number[];
  readonly redisCpuMs: number;
}

/**
 * What a run measures: a private redis-server and 1 or more hamdel processes on it, each on a port of its
 * own, sharing a random key prefix (as a deployment of several processes does).
 */
export class Rig {
  readonly token = `bench-${randomBytes(16).toString('hex')}`; // 32+ characters, as production asks
  readonly logDir: string;

  private constructor(
    readonly redis: PrivateRedis,
    readonly servers: HamdelProcess[],
    logDir: string,
  ) {
    this.logDir = logDir;
  }

  static async start(options: RigOptions): Promise<Rig> {
    const logDir = mkdtempSync(path.join(tmpdir(), 'hamdel-bench-logs-'));
    const redis = await PrivateRedis.start({ appendOnly: options.appendOnly });
    const keyPrefix = `bench${randomBytes(4).toString('hex')}:`;
    const rig = new Rig(redis, [], logDir);
    try {
      for (let i = 0; i < options.processes; i += 1) {
        rig.servers.push(
          await HamdelProcess.start({
            redisUrl: options.link === 'unix' ? redis.socketUrl : redis.url,
            keyPrefix,
            httpToken: rig.token,
            logFile: path.join(logDir, `hamdel-${i + 1}.log`),
          }),
        );
      }
    } catch (error) {
      await rig.stop();
      throw error;
    }
    return rig;
  }

  get urls(): string[] {
    return this.servers.map((server) => server.url);
  }

  async snapshot(): Promise<Snapshot> {
    const info = await this.redis.info();
    return {
      at: performance.now(),
      info,
      serverCpuMs: this.servers.map((server) => (server.pid ? (cpuMs(server.pid) ?? 0) : 0)),
      redisCpuMs: this.redis.pid ? (cpuMs(this.redis.pid) ?? 0) : 0,
    };
  }

  /** Resident memory of each hamdel process, in bytes. */
  rss(): number[] {
    return this.servers.map((server) => (server.pid ? (rssBytes(server.pid) ?? 0) : 0));
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop()));
    await this.redis.stop();
  }
}
