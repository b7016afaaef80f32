import { isIP } from 'node:net';
import { Redis } from 'ioredis';
import type { RedisNode } from './redis-nodes.ts';

export interface MasterSwitchOptions {
  readonly sentinels: readonly RedisNode[];
  /** The master's name at the Sentinels. */
  readonly name: string;
  /** The Sentinels' own password. */
  readonly sentinelPassword?: string;
  /** How long after an announcement a connection that lands elsewhere is sent again (default 60 s). */
  readonly steerMs?: number;
}

const CHANNEL = '+switch-master';

/**
 * Moves a Sentinel-managed connection to the new master as soon as a Sentinel announces one
 * (`+switch-master <name> <old ip> <old port> <new ip> <new port>`). Without this, a connection to a master
 * that was demoted while it stayed up (`SENTINEL FAILOVER`, a healed partition) keeps writing there until the
 * Sentinels turn it into a replica, seconds later, and those writes are then lost.
 *
 * Sentinels learn of a switch one after the other, so a reconnection can still be told the old master: for a
 * while after an announcement (`steerMs`), a connection that becomes ready anywhere but at the announced
 * address is sent again. A connection that is not `ready` is left alone: it is reconnecting already.
 * (ioredis's own `failoverDetector` also disconnects a client that is reconnecting, which ends that client
 * for good.) Listens from the connection's first `ready` until it ends.
 */
export function followMasterSwitches(redis: Redis, o: MasterSwitchOptions): void {
  const steerMs = o.steerMs ?? 60_000;
  let watchers: Redis[] = [];
  let announced: { host: string; port: number; at: number } | undefined;

  const steer = (fresh: boolean) => {
    if (!announced || redis.status !== 'ready') return;
    if (Date.now() - announced.at > steerMs) return;
    // Only an IP can be compared with the socket's peer; an announced host name gets one reconnection.
    if (isIP(announced.host) === 0 ? fresh : !connectedTo(redis, announced.host, announced.port)) {
      redis.disconnect(true);
    }
  };

  redis.once('ready', () => {
    watchers = o.sentinels.map((sentinel) => {
      const watcher = new Redis({
        host: sentinel.host,
        port: sentinel.port,
        ...(o.sentinelPassword ? { password: o.sentinelPassword } : {}),
        connectionName: 'hamdel:sentinel-watch',
        maxRetriesPerRequest: null,
      });
      watcher.on('error', () => undefined); // a Sentinel that is away is retried; the others still speak
      watcher.on('message', (channel: string, message: string) => {
        const [name, , , host, port] = message.split(' ');
        if (channel !== CHANNEL || name !== o.name || !host || !port) return;
        const fresh = announced?.host !== host || announced.port !== Number(port);
        announced = { host, port: Number(port), at: Date.now() };
        steer(fresh);
      });
      watcher.subscribe(CHANNEL).catch(() => undefined);
      return watcher;
    });
  });
  redis.on('ready', () => steer(false));
  redis.once('end', () => {
    for (const watcher of watchers) watcher.disconnect();
  });
}

/** Whether the connection's socket goes to `host:port`. */
function connectedTo(redis: Redis, host: string, port: number): boolean {
  const socket = redis.stream;
  return socket.remotePort === port && socket.remoteAddress?.replace(/^::ffff:/, '') === host;
}
