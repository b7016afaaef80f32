import type { RedisConnection } from '../core/redis-script.ts';
import type { Clock } from '../core/clock.ts';
import { HamdelError } from '../core/errors.ts';
import { isLanguage } from '../core/language.ts';
import type { Agent } from './agent.ts';
import { agentKeys, type AgentKeys } from './agent-keys.ts';
import type { AccountChange, AgentPatch, AgentStore, NewAgent } from './agent-store.ts';
import {
  agentIdSchema,
  agentPatchSchema,
  DEFAULT_CAPACITY,
  DEFAULT_TEAM,
  newAgentSchema,
  parseOrThrow,
  passwordSchema,
  roleSchema,
} from './agent-validation.ts';
import { PasswordHasher, type PasswordHashCost } from './password-hash.ts';

export interface RedisAgentStoreOptions {
  readonly redis: RedisConnection;
  /** Prefix of every key (default "hamdel:"). */
  readonly prefix?: string;
  readonly clock: Clock;
  /** argon2id costs (default: the library's, 19 MiB and 2 passes). Lower them only in tests. */
  readonly hashCost?: PasswordHashCost;
}

/** Creates the hash and indexes the id only when no agent has the id yet. ARGV: id, then field/value pairs. */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('SADD', KEYS[2], ARGV[1])
return 1`;

/** Writes the fields only when the hash exists, so an update never resurrects a removed agent. */
const HSET_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1`;

/**
 * Defines `lastActiveAdmin()`: whether KEYS[1] is an active admin and no other agent in the set KEYS[2] is one.
 * ARGV[1] is the agent's id and ARGV[2] the start of an agent's key (every key it reads carries the `{human}`
 * hash tag of KEYS[1]).
 */
const LAST_ACTIVE_ADMIN = `
local function lastActiveAdmin()
  if redis.call('HGET', KEYS[1], 'role') ~= 'admin' or redis.call('HEXISTS', KEYS[1], 'deactivatedAt') == 1 then
    return false
  end
  for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
    local key = ARGV[2] .. id
    if id ~= ARGV[1] and redis.call('HGET', key, 'role') == 'admin'
        and redis.call('HEXISTS', key, 'deactivatedAt') == 0 then
      return false
    end
  end
  return true
end
`;

/**
 * Deactivates KEYS[1] unless it is the last active admin. KEYS[2] is the set of ids; ARGV: the id, the start
 * of an agent's key, the time. Returns 0 when there is no such agent, 2 when it was deactivated already, 3
 * when it is the last active admin, 1 when done.
 */
const DEACTIVATE = `${LAST_ACTIVE_ADMIN}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[1], 'deactivatedAt') == 1 then return 2 end
if lastActiveAdmin() then return 3 end
redis.call('HSET', KEYS[1], 'deactivatedAt', ARGV[3], 'updatedAt', ARGV[3])
return 1`;

/** Removes KEYS[1] (and its id from KEYS[2]) unless it is the last active admin: 0 none, 3 last admin, 1 done. */
const REMOVE = `${LAST_ACTIVE_ADMIN}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if lastActiveAdmin() then return 3 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 1`;

/**
 * Writes the fields ARGV[3..] to KEYS[1] when it exists, unless they take the admin role from the last active
 * admin (ARGV[3..] holds a 'role' other than 'admin'): 0 none, 3 last admin, 1 done.
 */
const UPDATE = `${LAST_ACTIVE_ADMIN}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 3, #ARGV, 2 do
  if ARGV[i] == 'role' and ARGV[i + 1] ~= 'admin' and lastActiveAdmin() then return 3 end
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
return 1`;

/** Reactivates KEYS[1]: 0 when there is no such agent, 2 when it was active, 1 when done. ARGV: the time. */
const REACTIVATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HDEL', KEYS[1], 'deactivatedAt') == 0 then return 2 end
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[1])
return 1`;

/** Agents as Redis hashes (`<prefix>agent:<id>`) plus a set of ids; passwords as argon2id hashes. */
export class RedisAgentStore implements AgentStore {
  private readonly redis: RedisConnection;
  private readonly keys: AgentKeys;
  private readonly clock: Clock;
  private readonly hasher: PasswordHasher;

  constructor(options: RedisAgentStoreOptions) {
    this.redis = options.redis;
    this.keys = agentKeys(options.prefix ?? 'hamdel:');
    this.clock = options.clock;
    this.hasher = new PasswordHasher(options.hashCost);
  }

  async create(input: NewAgent): Promise<Agent> {
    const { password, ...fields } = input;
    const agent: Agent = parseOrThrow(newAgentSchema, fields);
    const passwordHash = await this.hasher.hash(parseOrThrow(passwordSchema, password));
    const now = String(this.clock.now());
    const pairs = Object.entries({ ...toHash(agent), passwordHash, createdAt: now, updatedAt: now }).flat();
    const created = await this.redis.eval(
      CREATE,
      2,
      this.keys.agent(agent.id),
      this.keys.index(),
      agent.id,
      ...pairs,
    );
    if (created !== 1)
      throw new HamdelError('AGENT_EXISTS', `An agent with id "${agent.id}" already exists`, {
        id: agent.id,
      });
    return agent;
  }

  async get(id: string): Promise<Agent | undefined> {
    const key = normalizeId(id);
    if (key === undefined) return undefined;
    const hash = await this.redis.hgetall(this.keys.agent(key));
    return fromHash(hash);
  }

  async list(): Promise<Agent[]> {
    const ids = (await this.redis.smembers(this.keys.index())).sort();
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.agent(id));
    const results = (await pipeline.exec()) ?? [];
    const agents: Agent[] = [];
    for (const [error, hash] of results) {
      if (error) throw error;
      const agent = fromHash(hash as Record<string, string>);
      if (agent) agents.push(agent);
    }
    return agents;
  }

  async update(id: string, patch: AgentPatch): Promise<Agent> {
    const key = this.requireId(id);
    const valid = parseOrThrow(agentPatchSchema, patch);
    const fields: Record<string, string> = { ...toHash(valid), updatedAt: String(this.clock.now()) };
    this.changed(key, await this.guarded(UPDATE, key, Object.entries(fields).flat()));
    const agent = await this.get(key);
    if (!agent) throw notFound(key);
    return agent;
  }

  async setPassword(id: string, password: string): Promise<void> {
    const key = this.requireId(id);
    const passwordHash = await this.hasher.hash(parseOrThrow(passwordSchema, password));
    await this.setIfExists(key, { passwordHash, updatedAt: String(this.clock.now()) });
  }

  async remove(id: string): Promise<boolean> {
    const key = normalizeId(id);
    if (key === undefined) return false;
    const result = await this.guarded(REMOVE, key, []);
    if (result === 3) throw lastActiveAdmin(key);
    return result === 1;
  }

  async deactivate(id: string): Promise<AccountChange> {
    const key = this.requireId(id);
    const result = await this.guarded(DEACTIVATE, key, [String(this.clock.now())]);
    if (result === 3) throw lastActiveAdmin(key);
    return this.changeOf(key, result);
  }

  async reactivate(id: string): Promise<AccountChange> {
    const key = this.requireId(id);
    const result = await this.redis.eval(REACTIVATE, 1, this.keys.agent(key), String(this.clock.now()));
    return this.changeOf(key, result);
  }

  async verifyPassword(id: string, password: string): Promise<Agent | undefined> {
    const key = normalizeId(id);
    const hash = key === undefined ? {} : await this.redis.hgetall(this.keys.agent(key));
    const agent = fromHash(hash);
    const stored = hash.passwordHash;
    if (!agent || stored === undefined) return this.hasher.verifyNobody(password).then(() => undefined);
    if (!(await this.hasher.verify(stored, password))) return undefined;
    if (this.hasher.needsRehash(stored)) {
      // The cost settings changed since this hash was made: upgrade it now that the password is known.
      await this.setIfExists(agent.id, { passwordHash: await this.hasher.hash(password) });
    }
    return agent;
  }

  private requireId(id: string): string {
    const key = normalizeId(id);
    if (key === undefined) throw notFound(id);
    return key;
  }

  /** Runs a script that keeps the last active admin (KEYS: the agent, the index; ARGV: id, key start, …). */
  private async guarded(script: string, id: string, args: readonly string[]): Promise<unknown> {
    return this.redis.eval(
      script,
      2,
      this.keys.agent(id),
      this.keys.index(),
      id,
      this.keys.agent(''),
      ...args,
    );
  }

  /** Throws for an UPDATE that found no agent or would take the last active admin's role. */
  private changed(id: string, result: unknown): void {
    if (result === 3) throw lastActiveAdmin(id);
    if (result !== 1) throw notFound(id);
  }

  /** The agent after a DEACTIVATE or REACTIVATE script answered `result`. */
  private async changeOf(id: string, result: unknown): Promise<AccountChange> {
    const agent = result === 0 ? undefined : await this.get(id);
    if (!agent) throw notFound(id);
    return { agent, changed: result === 1 };
  }

  private async setIfExists(id: string, fields: Record<string, string>): Promise<void> {
    const done = await this.redis.eval(
      HSET_IF_EXISTS,
      1,
      this.keys.agent(id),
      ...Object.entries(fields).flat(),
    );
    if (done !== 1) throw notFound(id);
  }
}

function normalizeId(id: string): string | undefined {
  const parsed = agentIdSchema.safeParse(id);
  return parsed.success ? parsed.data : undefined;
}

function lastActiveAdmin(id: string): HamdelError {
  return new HamdelError(
    'LAST_ACTIVE_ADMIN',
    `"${id}" is the last active admin: make another agent admin (or reactivate one) first.`,
    { id },
  );
}

function notFound(id: string): HamdelError {
  return new HamdelError('AGENT_NOT_FOUND', `No agent has the id "${id}"`, { id });
}

function toHash(fields: Partial<Agent>): Record<string, string> {
  const hash: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    hash[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return hash;
}

function fromHash(hash: Record<string, string>): Agent | undefined {
  if (hash.id === undefined || hash.name === undefined) return undefined;
  const languages = parseList(hash.languages).filter(isLanguage);
  const capacity = Number(hash.capacity);
  const deactivatedAt = hash.deactivatedAt === undefined ? undefined : Number(hash.deactivatedAt);
  return {
    id: hash.id,
    name: hash.name,
    role: roleSchema.safeParse(hash.role).data ?? 'agent',
    languages,
    skills: parseList(hash.skills),
    capacity: Number.isInteger(capacity) && capacity > 0 ? capacity : DEFAULT_CAPACITY,
    team: hash.team ?? DEFAULT_TEAM,
    // A malformed time still deactivates: an account is never let in by a bad value.
    ...(deactivatedAt === undefined
      ? {}
      : { deactivatedAt: Number.isFinite(deactivatedAt) ? deactivatedAt : 0 }),
  };
}

function parseList(json: string | undefined): string[] {
  if (json === undefined) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
