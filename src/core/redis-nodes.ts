/** One Redis server (a Sentinel, or a Cluster node) by host and port. */
export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

/**
 * Reads "host:port" (an IPv6 host in brackets: "[::1]:26379"); undefined when it is not of that form.
 * The port is required: Sentinels (26379) and Cluster nodes have no one default.
 */
export function parseRedisNode(text: string): RedisNode | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]/]+)):(\d{1,5})$/.exec(text.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || !(port > 0 && port <= 65_535)) return undefined;
  return { host, port };
}
