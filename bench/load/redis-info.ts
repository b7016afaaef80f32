/** The INFO figures the bench reads from its private Redis. */
export interface RedisInfo {
  /** Calls per command since start (`cmdstat_<name>:calls`), commands run inside scripts included. */
  readonly calls: ReadonlyMap<string, number>;
  /** Read events the server processed (`total_reads_processed`): one per arrival of data on a socket. */
  readonly reads: number;
  readonly usedMemory: number;
  readonly keys: number;
  readonly connectedClients: number;
}

/** The bench's own commands, left out of the counts. */
const OWN_COMMANDS = new Set(['info', 'monitor']);

export function parseInfo(text: string): RedisInfo {
  const calls = new Map<string, number>();
  const fields = new Map<string, string>();
  let keys = 0;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.startsWith('#')) continue;
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (name.startsWith('cmdstat_')) {
      const command = name.slice('cmdstat_'.length);
      const count = /(?:^|,)calls=(\d+)/.exec(value);
      if (count && !OWN_COMMANDS.has(command)) calls.set(command, Number(count[1]));
    } else if (/^db\d+$/.test(name)) {
      keys += Number(/keys=(\d+)/.exec(value)?.[1] ?? 0);
    } else {
      fields.set(name, value);
    }
  }
  const number = (name: string) => Number(fields.get(name) ?? 0);
  return {
    calls,
    reads: number('total_reads_processed'),
    usedMemory: number('used_memory'),
    keys,
    connectedClients: number('connected_clients'),
  };
}

/** What happened between two INFO snapshots. */
export interface RedisDelta {
  readonly commands: number;
  readonly byCommand: ReadonlyMap<string, number>;
  readonly reads: number;
  readonly usedMemory: number;
  readonly keys: number;
}

export function diffInfo(before: RedisInfo, after: RedisInfo): RedisDelta {
  const byCommand = new Map<string, number>();
  let commands = 0;
  for (const [command, count] of after.calls) {
    const delta = count - (before.calls.get(command) ?? 0);
    if (delta <= 0) continue;
    byCommand.set(command, delta);
    commands += delta;
  }
  return {
    commands,
    byCommand,
    // The bench's own INFO call after the first snapshot is one read.
    reads: Math.max(0, after.reads - before.reads - 1),
    usedMemory: after.usedMemory - before.usedMemory,
    keys: after.keys - before.keys,
  };
}
