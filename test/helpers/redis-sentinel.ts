import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { freePorts, RedisProcesses, withServer } from './redis-processes.ts';
import { eventually } from './time.ts';

/** A master, its replica and three Sentinels, local redis-server processes that a test started. */
export interface LocalRedisSentinel {
  readonly masterName: string;
  /** The two data servers; the first starts as the master. */
  readonly dataPorts: readonly [number, number];
  readonly sentinelPorts: readonly number[];
  /** The settings that point hamdel at it. */
  readonly env: Record<string, string>;
  /** The data server that is master now (as the test made it so). */
  currentMaster(): number;
  /** The other data server. */
  currentReplica(): number;
  /** Waits until the replica has every write the master has acknowledged so far. */
  replicaCaughtUp(): Promise<void>;
  /** The keys on the current master that match `pattern` (SCAN). */
  masterKeys(pattern: string): Promise<string[]>;
  /** kill -9 of the master; the Sentinels then promote the replica. */
  killMaster(): Promise<void>;
  /** Starts the killed server again as a replica of the master and waits until every Sentinel sees it up. */
  restartKilledAsReplica(): Promise<void>;
  /** SENTINEL FAILOVER: the replica is promoted and the master, still up, is turned into its replica. */
  manualFailover(): Promise<void>;
  /** Where the Sentinels say the master is, "host:port", once all agree (they learn of a failover one by one). */
  masterAddress(): Promise<string | undefined>;
  /** Kills everything and removes the files. */
  stop(): Promise<void>;
}

const MASTER_NAME = 'hamdel-test';

/**
 * Starts a master and one replica (both with a password, no persistence) and three Sentinels (with their own
 * password) that watch them with quorum 2, a master counted down after 1 s without answers, and a 5 s failover
 * timeout. Resolves once the replica is in sync and every Sentinel knows the replica and the two other
 * Sentinels, so that a failover can be voted. Everything is torn down when this fails half-way.
 */
export async function startRedisSentinel(): Promise<LocalRedisSentinel> {
  const password = `data-${Math.random().toString(36).slice(2)}`;
  const sentinelPassword = `sentinel-${Math.random().toString(36).slice(2)}`;
  const processes = new RedisProcesses();
  try {
    const [first = 0, second = 0, ...sentinelPorts] = await freePorts(5);
    const data = [
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--dir',
      processes.dir,
    ];
    const auth = ['--requirepass', password, '--masterauth', password];
    const startReplica = async (port: number, of: number) => {
      await processes.start(port, [...data, ...auth, '--replicaof', '127.0.0.1', String(of)], password);
      await eventually(
        () =>
          withServer(port, password, async (r) =>
            (await r.info('replication')).includes('master_link_status:up'),
          ),
        `${port} to sync with ${of}`,
      );
    };
    const onSentinels = async <T>(work: (r: Redis) => Promise<T>): Promise<T[]> =>
      Promise.all(sentinelPorts.map((port) => withServer(port, sentinelPassword, work)));

    await processes.start(first, [...data, ...auth], password);
    await startReplica(second, first);
    for (const port of sentinelPorts) {
      const file = path.join(processes.dir, `sentinel-${port}.conf`);
      writeFileSync(
        file,
        [
          `dir ${processes.dir}`,
          `requirepass ${sentinelPassword}`,
          `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${first} 2`,
          `sentinel auth-pass ${MASTER_NAME} ${password}`,
          `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
          `sentinel failover-timeout ${MASTER_NAME} 5000`,
          `sentinel parallel-syncs ${MASTER_NAME} 1`,
          '',
        ].join('\n'),
      );
    }
    await Promise.all(
      sentinelPorts.map((port) =>
        processes.start(
          port,
          [path.join(processes.dir, `sentinel-${port}.conf`), '--sentinel'],
          sentinelPassword,
        ),
      ),
    );
    await eventually(
      async () => {
        const known = await onSentinels(async (r) => ({
          replicas: ((await r.call('SENTINEL', 'REPLICAS', MASTER_NAME)) as unknown[]).length,
          sentinels: ((await r.call('SENTINEL', 'SENTINELS', MASTER_NAME)) as unknown[]).length,
        }));
        return known.every((k) => k.replicas >= 1 && k.sentinels >= 2);
      },
      'every Sentinel to know the replica and the other Sentinels',
      20_000,
    );

    let master = first;
    let killed: number | undefined;
    const other = (port: number) => (port === first ? second : first);
    return {
      masterName: MASTER_NAME,
      dataPorts: [first, second],
      sentinelPorts,
      env: {
        REDIS_MODE: 'sentinel',
        REDIS_SENTINELS: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
        REDIS_SENTINEL_NAME: MASTER_NAME,
        REDIS_PASSWORD: password,
        REDIS_SENTINEL_PASSWORD: sentinelPassword,
      },
      currentMaster: () => master,
      currentReplica: () => other(master),
      async replicaCaughtUp() {
        // WAIT covers this connection's writes; replication is one ordered stream, so a write made now and
        // acknowledged by the replica means every earlier write of any client is there too.
        await withServer(master, password, async (r) => {
          await r.set('hamdel-test:replication-mark', String(Date.now()));
          if ((await r.wait(1, 5_000)) < 1) throw new Error('the replica did not acknowledge within 5 s');
        });
      },
      masterKeys: (pattern) =>
        withServer(master, password, async (r) => {
          const found: string[] = [];
          let cursor = '0';
          do {
            const [next, keys] = await r.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
            cursor = next;
            found.push(...keys);
          } while (cursor !== '0');
          return found;
        }),
      async killMaster() {
        await processes.kill(master);
        killed = master;
        master = other(master);
      },
      async restartKilledAsReplica() {
        if (killed === undefined) throw new Error('no server was killed');
        const port = killed;
        killed = undefined;
        await startReplica(port, master);
        await eventually(async () => {
          const views = await onSentinels(async (r) => {
            const replicas = (await r.call('SENTINEL', 'REPLICAS', MASTER_NAME)) as string[][];
            return replicas.some((fields) => {
              const entry = new Map<string, string>();
              for (let i = 0; i + 1 < fields.length; i += 2) entry.set(fields[i] ?? '', fields[i + 1] ?? '');
              const flags = entry.get('flags') ?? '';
              return entry.get('port') === String(port) && flags === 'slave';
            });
          });
          return views.every(Boolean);
        }, `every Sentinel to see ${port} up as a replica`);
      },
      async manualFailover() {
        const [port] = sentinelPorts;
        await withServer(port ?? 0, sentinelPassword, (r) => r.call('SENTINEL', 'FAILOVER', MASTER_NAME));
        master = other(master);
      },
      async masterAddress() {
        const answers = new Set<string>();
        for (const port of sentinelPorts) {
          const answer = await withServer(port, sentinelPassword, (r) =>
            r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME),
          ).catch(() => undefined);
          if (Array.isArray(answer)) answers.add(answer.join(':'));
        }
        return answers.size === 1 ? [...answers][0] : undefined;
      },
      stop: () => processes.stop(),
    };
  } catch (error) {
    await processes.stop();
    throw error;
  }
}
