import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.ts';
import { isHamdelError } from '../../../src/core/errors.ts';
import { createRedis, describeRedis } from '../../../src/core/redis.ts';
import { parseRedisNode } from '../../../src/core/redis-nodes.ts';

function configError(env: Record<string, string>): Error {
  try {
    loadConfig(env);
  } catch (error) {
    if (isHamdelError(error, 'CONFIG_INVALID')) return error;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('Redis topology settings', () => {
  it('reads host:port, with IPv6 in brackets, and refuses anything else', () => {
    expect(parseRedisNode('redis-1.internal:26379')).toEqual({ host: 'redis-1.internal', port: 26379 });
    expect(parseRedisNode(' 10.0.0.7:7000 ')).toEqual({ host: '10.0.0.7', port: 7000 });
    expect(parseRedisNode('[::1]:6380')).toEqual({ host: '::1', port: 6380 });
    for (const bad of ['redis-1', 'redis-1:', ':6379', 'redis-1:0', 'redis-1:70000', '::1:6379', 'a b:1']) {
      expect(parseRedisNode(bad)).toBeUndefined();
    }
  });

  it('defaults to one server at REDIS_URL', () => {
    const config = loadConfig({});
    expect(config.REDIS_MODE).toBe('single');
    expect(createRedis(config, 'test')).toBeInstanceOf(Redis);
  });

  it('reads Sentinels and a Cluster node list', () => {
    const sentinel = loadConfig({
      REDIS_MODE: 'sentinel',
      REDIS_SENTINELS: 's1:26379, s2:26379,s3:26379',
      REDIS_SENTINEL_NAME: 'shop',
      REDIS_PASSWORD: 'data-secret',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    });
    expect(sentinel.REDIS_SENTINELS).toEqual([
      { host: 's1', port: 26379 },
      { host: 's2', port: 26379 },
      { host: 's3', port: 26379 },
    ]);
    const cluster = loadConfig({ REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7000' });
    expect(cluster.REDIS_CLUSTER_NODES).toHaveLength(2);
  });

  it('refuses a mode without its nodes, nodes without their mode, and a password meant for the URL', () => {
    expect(configError({ REDIS_MODE: 'sentinel' }).message).toContain('REDIS_SENTINELS');
    expect(configError({ REDIS_MODE: 'cluster' }).message).toContain('REDIS_CLUSTER_NODES');
    const forgotten = configError({ REDIS_CLUSTER_NODES: 'a:7000' }).message;
    expect(forgotten).toContain('REDIS_CLUSTER_NODES');
    expect(forgotten).toContain('REDIS_MODE is single');
    expect(configError({ REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: 'a:7000,b' }).message).toContain('"b"');
    const password = configError({ REDIS_PASSWORD: 'top-secret' }).message;
    expect(password).toContain('REDIS_URL');
    expect(password).not.toContain('top-secret');
  });

  it('refuses braces in KEY_PREFIX, which would put every key in one Cluster slot', () => {
    expect(configError({ KEY_PREFIX: '{shop}:' }).message).toContain('KEY_PREFIX');
  });
});

describe('createRedis', () => {
  const sentinelSettings = loadConfig({
    REDIS_MODE: 'sentinel',
    REDIS_SENTINELS: 's1:26379,s2:26379',
    REDIS_SENTINEL_NAME: 'shop',
    REDIS_PASSWORD: 'data-secret',
    REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
  });
  const clusterSettings = loadConfig({
    REDIS_MODE: 'cluster',
    REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7000',
    REDIS_PASSWORD: 'data-secret',
  });

  it('asks the Sentinels for the master, with both passwords, and asks again when its master was demoted', () => {
    const redis = createRedis(sentinelSettings, 'commands');
    expect(redis).toBeInstanceOf(Redis);
    expect((redis as Redis).options).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      name: 'shop',
      password: 'data-secret',
      sentinelPassword: 'sentinel-secret',
      lazyConnect: true,
      enableAutoPipelining: true,
      maxRetriesPerRequest: 3,
      connectionName: 'hamdel:commands',
    });
    const reconnect = (redis as Redis).options.reconnectOnError;
    expect(reconnect?.(new Error("READONLY You can't write against a read only replica."))).toBe(true);
    expect(reconnect?.(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(
      false,
    );
  });

  it('routes by slot on a Cluster, with the password on every node', () => {
    const cluster = createRedis(clusterSettings, 'commands');
    expect(cluster).toBeInstanceOf(Cluster);
    expect((cluster as Cluster).options).toMatchObject({
      lazyConnect: true,
      enableAutoPipelining: true,
      redisOptions: { password: 'data-secret', maxRetriesPerRequest: 3, connectionName: 'hamdel:commands' },
    });
  });

  it('gives BullMQ connections that wait through reconnections, in every mode', () => {
    const single = createRedis(loadConfig({}), 'bullmq', { forBullMQ: true }) as Redis;
    expect(single.options.maxRetriesPerRequest).toBeNull();
    const sentinel = createRedis(sentinelSettings, 'bullmq', { forBullMQ: true }) as Redis;
    expect(sentinel.options.maxRetriesPerRequest).toBeNull();
    const cluster = createRedis(clusterSettings, 'bullmq', { forBullMQ: true }) as Cluster;
    expect(cluster.options.redisOptions?.maxRetriesPerRequest).toBeNull();
    expect(cluster.options.enableAutoPipelining).toBe(false);
  });

  it('says where Redis is without its password', () => {
    expect(describeRedis(loadConfig({ REDIS_URL: 'redis://:s3cret@redis.internal:6380' }))).toBe(
      'redis://:***@redis.internal:6380',
    );
    expect(describeRedis(sentinelSettings)).toBe('the master "shop" of the Sentinels s1:26379,s2:26379');
    expect(describeRedis(clusterSettings)).toBe('the Redis Cluster at 10.0.0.1:7000,10.0.0.2:7000');
  });
});
