import type { RedisNode } from '../../src/core/redis-nodes.ts';
import { freePorts, RedisProcesses, withServer } from './redis-processes.ts';
import { eventually } from './time.ts';

/** A Redis Cluster of local redis-server processes that a test started. */
export interface LocalRedisCluster {
  /** The masters, in slot order (the first serves slots 0.., the last ..16383). */
  readonly masters: readonly RedisNode[];
  readonly password: string;
  /** The settings that point hamdel at it. */
  readonly env: Record<string, string>;
  /** Kills every node and removes their files. */
  stop(): Promise<void>;
}

const SLOTS = 16_384;

/**
 * Starts `masters` (default 3) redis-server processes in cluster mode on free ports, with a password and no
 * persistence, splits the 16 384 slots evenly among them (CLUSTER ADDSLOTSRANGE), joins them (CLUSTER MEET)
 * and waits until every node says `cluster_state:ok`. Everything is torn down when this fails half-way.
 */
export async function startRedisCluster(options: { masters?: number } = {}): Promise<LocalRedisCluster> {
  const count = options.masters ?? 3;
  const password = `cluster-${Math.random().toString(36).slice(2)}`;
  const processes = new RedisProcesses();
  try {
    const ports = await freePorts(count * 2); // a client port and a cluster bus port each
    const nodes = Array.from({ length: count }, (_, i) => ({
      port: ports[2 * i] ?? 0,
      bus: ports[2 * i + 1] ?? 0,
    }));
    await Promise.all(
      nodes.map((node) =>
        processes.start(
          node.port,
          [
            '--cluster-enabled',
            'yes',
            '--cluster-port',
            String(node.bus),
            '--cluster-config-file',
            `nodes-${node.port}.conf`,
            '--cluster-node-timeout',
            '2000',
            '--dir',
            processes.dir,
            '--save',
            '',
            '--appendonly',
            'no',
            '--maxmemory-policy',
            'noeviction',
            '--requirepass',
            password,
            '--masterauth',
            password,
          ],
          password,
        ),
      ),
    );
    for (const [i, node] of nodes.entries()) {
      const first = Math.floor((SLOTS * i) / count);
      const last = Math.floor((SLOTS * (i + 1)) / count) - 1;
      await withServer(node.port, password, async (redis) => {
        await redis.call('CLUSTER', 'ADDSLOTSRANGE', String(first), String(last));
        await redis.call('CLUSTER', 'SET-CONFIG-EPOCH', String(i + 1));
      });
    }
    const [head, ...rest] = nodes;
    await withServer(head?.port ?? 0, password, async (redis) => {
      for (const node of rest)
        await redis.call('CLUSTER', 'MEET', '127.0.0.1', String(node.port), String(node.bus));
    });
    await eventually(
      async () => {
        for (const node of nodes) {
          const info = await withServer(node.port, password, (redis) => redis.call('CLUSTER', 'INFO'));
          const text = String(info);
          if (!text.includes('cluster_state:ok') || !text.includes(`cluster_known_nodes:${count}`))
            return false;
        }
        return true;
      },
      'the cluster to be ok on every node',
      20_000,
    );
    const masters = nodes.map((node) => ({ host: '127.0.0.1', port: node.port }));
    return {
      masters,
      password,
      env: {
        REDIS_MODE: 'cluster',
        REDIS_CLUSTER_NODES: masters.map((m) => `${m.host}:${m.port}`).join(','),
        REDIS_PASSWORD: password,
      },
      stop: () => processes.stop(),
    };
  } catch (error) {
    await processes.stop();
    throw error;
  }
}
