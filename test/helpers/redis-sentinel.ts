import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePorts, RedisProcesses, withServer } from './redis-processes.ts';
import { eventually } from './time.ts';

/** A master, its replica and three Sentinels, local redis-server processes that a test started. */
export interface LocalRedisSentinel {
  readonly masterName: string;
  readonly masterPort: number;
  readonly replicaPort: number;
  readonly sentinelPorts: readonly number[];
  /** The data servers' password. */
  readonly password: string;
  /** The Sentinels' own password. */
  readonly sentinelPassword: string;
  /** The settings that point hamdel at it. */
  readonly env: Record<string, string>;
  /** Waits until the replica has every write the master has acknowledged so far. */
  replicaCaughtUp(): Promise<void>;
  /** The keys on the current master that match `pattern` (SCAN). */
  masterKeys(pattern: string): Promise<string[]>;
  /** kill -9 of the current master. */
  killMaster(): Promise<void>;
  /** Where the Sentinels say the master is, "host:port", once all that answer agree (they learn of a failover one by one). */
  masterAddress(): Promise<string | undefined>;
  /** Kills everything and removes the files. */
  stop(): Promise<void>;
}

/**
 * Starts a master and one replica (both with a password, no persistence) and three Sentinels (with their own
 * password) that watch them with quorum 2, a master counted down after 1 s without answers, and a 5 s failover
 * timeout. Resolves once the replica is in sync and every Sentinel knows the replica and the two other
 * Sentinels, so that a failover can be voted. Everything is torn down when this fails half-way.
 */
export async function startRedisSentinel(): Promise<LocalRedisSentinel> {
  const masterName = 'hamdel-test';
  const password = `data-${Math.random().toString(36).slice(2)}`;
  const sentinelPassword = `sentinel-${Math.random().toString(36).slice(2)}`;
  const processes = new RedisProcesses();
  try {
    const [masterPort = 0, replicaPort = 0, ...sentinelPorts] = await freePorts(5);
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
    await processes.start(masterPort, [...data, ...auth], password);
    await processes.start(
      replicaPort,
      [...data, ...auth, '--replicaof', '127.0.0.1', String(masterPort)],
      password,
    );
    await eventually(
      () =>
        withServer(replicaPort, password, async (r) =>
          (await r.info('replication')).includes('master_link_status:up'),
        ),
      'the replica to sync',
    );
    await Promise.all(
      sentinelPorts.map((port) => {
        const file = path.join(processes.dir, `sentinel-${port}.conf`);
        writeFileSync(
          file,
          [
            `dir ${processes.dir}`,
            `requirepass ${sentinelPassword}`,
            `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 2`,
            `sentinel auth-pass ${masterName} ${password}`,
            `sentinel down-after-milliseconds ${masterName} 1000`,
            `sentinel failover-timeout ${masterName} 5000`,
            `sentinel parallel-syncs ${masterName} 1`,
            '',
          ].join('\n'),
        );
        return processes.start(port, [file, '--sentinel'], sentinelPassword);
      }),
    );
    await eventually(
      async () => {
        for (const port of sentinelPorts) {
          const known = await withServer(port, sentinelPassword, async (r) => ({
            replicas: ((await r.call('SENTINEL', 'REPLICAS', masterName)) as unknown[]).length,
            sentinels: ((await r.call('SENTINEL', 'SENTINELS', masterName)) as unknown[]).length,
          }));
          if (known.replicas < 1 || known.sentinels < 2) return false;
        }
        return true;
      },
      'every Sentinel to know the replica and the other Sentinels',
      20_000,
    );

    let currentMaster = masterPort;
    const sentinel: LocalRedisSentinel = {
      masterName,
      masterPort,
      replicaPort,
      sentinelPorts,
      password,
      sentinelPassword,
      env: {
        REDIS_MODE: 'sentinel',
        REDIS_SENTINELS: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
        REDIS_SENTINEL_NAME: masterName,
        REDIS_PASSWORD: password,
        REDIS_SENTINEL_PASSWORD: sentinelPassword,
      },
      async replicaCaughtUp() {
        // WAIT covers this connection's writes; replication is one ordered stream, so a write made now and
        // acknowledged by the replica means every earlier write of any client is there too.
        await withServer(currentMaster, password, async (r) => {
          await r.set('hamdel-test:replication-mark', String(Date.now()));
          const acked = await r.wait(1, 5_000);
          if (acked < 1) throw new Error('the replica did not acknowledge within 5 s');
        });
      },
      masterKeys: (pattern) =>
        withServer(currentMaster, password, async (r) => {
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
        await processes.kill(currentMaster);
        currentMaster = currentMaster === masterPort ? replicaPort : masterPort;
      },
      async masterAddress() {
        const answers = new Set<string>();
        for (const port of sentinelPorts) {
          const answer = await withServer(port, sentinelPassword, (r) =>
            r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName),
          ).catch(() => undefined);
          if (Array.isArray(answer)) answers.add(answer.join(':'));
        }
        return answers.size === 1 ? [...answers][0] : undefined;
      },
      stop: () => processes.stop(),
    };
    return sentinel;
  } catch (error) {
    await processes.stop();
    throw error;
  }
}
