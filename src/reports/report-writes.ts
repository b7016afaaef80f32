/**
 * Report writes sent as one script call instead of one command each: a turn adds to some twenty counters, and
 * as separate commands their parsing, replies and promises cost more than the turn's own storage. A batch is
 * a list of operations over its own keys (all under the `{reports}` hash tag, so one Cluster slot); the Lua
 * side (`APPLY_LUA`) carries them out. Operations after `onlyIfStarted()` run only when the script that embeds
 * the batch found that a conversation began (ConversationSessions' touch).
 *
 * Encoding, per operation in ARGV (key numbers count from the batch's first key):
 * - `H key ttl n field amount …`: HINCRBY each field, then EXPIRE (n: the number of values that follow)
 * - `Z key ttl n member amount …`: ZINCRBY each member, then EXPIRE
 * - `C key n command arg …`: one command on the key (`command key arg …`)
 * - `S`: the operations that follow run only when a conversation began
 */
export class ReportWrites {
  readonly keys: string[] = [];
  readonly args: (string | number)[] = [];
  private readonly keyNumbers = new Map<string, number>();

  get empty(): boolean {
    return this.args.length === 0;
  }

  increment(key: string, fields: ReadonlyMap<string, number>, ttlSeconds: number): void {
    this.counts('H', key, fields, ttlSeconds);
  }

  incrementMembers(key: string, members: ReadonlyMap<string, number>, ttlSeconds: number): void {
    this.counts('Z', key, members, ttlSeconds);
  }

  /** One command on one key: `command key ...args` (XADD, PEXPIRE, ZADD, INCR, ...). */
  command(name: string, key: string, ...args: readonly (string | number)[]): void {
    this.args.push('C', this.keyNumber(key), args.length + 1, name, ...args);
  }

  /** The operations added from here on run only if the embedding script says a conversation began. */
  onlyIfStarted(): void {
    this.args.push('S');
  }

  private counts(op: 'H' | 'Z', key: string, amounts: ReadonlyMap<string, number>, ttl: number): void {
    if (amounts.size === 0) return;
    this.args.push(op, this.keyNumber(key), ttl, amounts.size * 2);
    for (const [name, amount] of amounts) this.args.push(name, amount);
  }

  private keyNumber(key: string): number {
    let n = this.keyNumbers.get(key);
    if (n === undefined) {
      this.keys.push(key);
      n = this.keys.length;
      this.keyNumbers.set(key, n);
    }
    return n;
  }
}

/**
 * Defines `apply(argFrom, keyFrom, started)`: carries out a ReportWrites batch whose arguments begin at
 * ARGV[argFrom] and keys at KEYS[keyFrom]; `started` is 1 when a conversation began.
 */
export const APPLY_LUA = `
local function apply(argFrom, keyFrom, started)
  local i = argFrom
  local on = true
  while i <= #ARGV do
    local op = ARGV[i]
    if op == 'S' then
      on = started == 1
      i = i + 1
    else
      local key = KEYS[keyFrom + tonumber(ARGV[i + 1]) - 1]
      if op == 'C' then
        local n = tonumber(ARGV[i + 2])
        if on then redis.call(ARGV[i + 3], key, unpack(ARGV, i + 4, i + 2 + n)) end
        i = i + 3 + n
      else
        local n = tonumber(ARGV[i + 3])
        if on then
          for j = i + 4, i + 3 + n, 2 do
            if op == 'H' then
              redis.call('HINCRBY', key, ARGV[j], ARGV[j + 1])
            else
              redis.call('ZINCRBY', key, ARGV[j + 1], ARGV[j])
            end
          end
          redis.call('EXPIRE', key, ARGV[i + 2])
        end
        i = i + 4 + n
      end
    end
  end
end
`;
