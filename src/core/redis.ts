import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Config } from './config.ts';
import { reportRedisErrors, type RedisErrorListener } from './redis-error-log.ts';
import type { RedisConnection } from './redis-script.ts';
import { followMasterSwitches } from './sentinel-switch.ts';

/** The settings that say which Redis to use (README, "Settings"; docs/redis-topologies.md). */
export type RedisSettings = Pick<
  Config,
  | 'REDIS_MODE'
  | 'REDIS_URL'
  | 'REDIS_SENTINELS'
  | 'REDIS_SENTINEL_NAME'
  | 'REDIS_SENTINEL_PASSWORD'
  | 'REDIS_CLUSTER_NODES'
  | 'REDIS_PASSWORD'
>;

export interface CreateRedisOptions {
  /**
   * A connection for BullMQ (default false): commands wait through any reconnection instead of failing after
   * a few tries (BullMQ's workers require `maxRetriesPerRequest: null`), and no auto-pipelining.
   */
  readonly forBullMQ?: boolean;
  /**
   * Told about connection errors at a sane rate (see reportRedisErrors). Default: one line on stderr per
   * 30 s at most. Errors are never unhandled either way.
   */
  readonly onError?: RedisErrorListener;
}

/**
 * A Redis connection as the settings say: one server at REDIS_URL, the master that the Sentinels name (found
 * again after a failover, and left as soon as they announce another), or a Redis Cluster (commands routed by key slot). Connects lazily; `connect()` it
 * to fail fast at start-up. Commands are auto-pipelined; one waits through at most 3 reconnection attempts
 * and then fails (a request answers 503 rather than hang while Redis is away).
 */
export function createRedis(
  settings: RedisSettings,
  name: string,
  options: CreateRedisOptions = {},
): RedisConnection {
  const bull = options.forBullMQ ?? false;
  const common: RedisOptions = {
    connectionName: `hamdel:${name}`,
    maxRetriesPerRequest: bull ? null : 3,
    // While Redis is away: try again every second at most, so a command fails within seconds (503).
    retryStrategy: (times) => Math.min(times * 50, 1_000),
  };
  const connection = connect(settings, common, bull);
  reportRedisErrors(connection, name, options.onError ?? printRedisErrors);
  return connection;
}

function connect(settings: RedisSettings, common: RedisOptions, bull: boolean): RedisConnection {
  switch (settings.REDIS_MODE) {
    case 'single':
      return new Redis(settings.REDIS_URL, { ...common, lazyConnect: true, enableAutoPipelining: !bull });
    case 'sentinel': {
      const sentinels = [...(settings.REDIS_SENTINELS ?? [])];
      const redis = new Redis({
        ...common,
        lazyConnect: true,
        enableAutoPipelining: !bull,
        sentinels,
        name: settings.REDIS_SENTINEL_NAME,
        ...(settings.REDIS_PASSWORD ? { password: settings.REDIS_PASSWORD } : {}),
        ...(settings.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: settings.REDIS_SENTINEL_PASSWORD } : {}),
        // A write that still reaches a demoted master is answered READONLY: reconnect, which asks the
        // Sentinels for the master again. ioredis's failoverDetector stays off (see sentinel-switch.ts).
        reconnectOnError: (error) => error.message.startsWith('READONLY'),
      });
      followMasterSwitches(redis, {
        sentinels,
        name: settings.REDIS_SENTINEL_NAME,
        ...(settings.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: settings.REDIS_SENTINEL_PASSWORD } : {}),
      });
      return redis;
    }
    case 'cluster':
      return new Cluster([...(settings.REDIS_CLUSTER_NODES ?? [])], {
        lazyConnect: true,
        enableAutoPipelining: !bull,
        // ioredis routes an auto-pipelined command by its first argument, which for EVALSHA is the script's
        // SHA, not a key: two scripts on keys of different masters would share a pipeline and fail. Scripts
        // go on their own, routed by their keys.
        autoPipeliningIgnoredCommands: ['evalsha', 'eval'],
        redisOptions: {
          ...common,
          ...(settings.REDIS_PASSWORD ? { password: settings.REDIS_PASSWORD } : {}),
        },
      });
  }
}

/** Where the settings say Redis is, for messages (no password). */
export function describeRedis(settings: RedisSettings): string {
  const nodes = (list: RedisSettings['REDIS_CLUSTER_NODES']) =>
    (list ?? []).map((n) => `${n.host.includes(':') ? `[${n.host}]` : n.host}:${n.port}`).join(',');
  switch (settings.REDIS_MODE) {
    case 'single': {
      const url = new URL(settings.REDIS_URL);
      if (url.password) url.password = '***';
      return url.toString();
    }
    case 'sentinel':
      return `the master "${settings.REDIS_SENTINEL_NAME}" of the Sentinels ${nodes(settings.REDIS_SENTINELS)}`;
    case 'cluster':
      return `the Redis Cluster at ${nodes(settings.REDIS_CLUSTER_NODES)}`;
  }
}

function printRedisErrors(report: Parameters<RedisErrorListener>[0]): void {
  if (report.kind === 'error') {
    console.error(`Redis connection "${report.connection}": ${report.error.message} (retrying)`);
  }
}

/** Whether something answers PING at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
