import { PasswordHasher } from '../../../src/agents/password-hash.ts';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { isHamdelError } from '../../../src/core/errors.ts';
import { agentKeys } from '../../../src/agents/agent-keys.ts';
import { RedisAgentStore } from '../../../src/agents/redis-agent-store.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';

const PASSWORD = 'correct horse battery';

describe('agent store on real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let store: RedisAgentStore;

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    store = new RedisAgentStore({
      redis,
      prefix,
      clock: new ManualClock(1_000),
      hashCost: { memoryCost: 4096, timeCost: 1 },
    });
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('creates an agent with defaults and stores only an argon2id hash', async () => {
    const agent = await store.create({
      id: 'Sara',
      name: 'سارا',
      languages: ['fa', 'en'],
      password: PASSWORD,
    });
    expect(agent).toEqual({
      id: 'sara',
      name: 'سارا',
      role: 'agent',
      languages: ['fa', 'en'],
      skills: [],
      capacity: 3,
      team: 'default',
    });
    expect(await store.get('SARA')).toEqual(agent);
    const raw = await redis.hgetall(agentKeys(prefix).agent('sara'));
    expect(raw.passwordHash).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
    expect(JSON.stringify(raw)).not.toContain(PASSWORD);
    expect(JSON.stringify(await store.list())).not.toContain('argon2');
  });

  it('verifies the right password and refuses a wrong one or an unknown id', async () => {
    await store.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: PASSWORD });
    expect((await store.verifyPassword('Sara', PASSWORD))?.id).toBe('sara');
    expect(await store.verifyPassword('sara', `${PASSWORD}!`)).toBeUndefined();
    expect(await store.verifyPassword('nobody', PASSWORD)).toBeUndefined();
    expect(await store.verifyPassword('not a valid id!', PASSWORD)).toBeUndefined();
  });

  it('matches a Persian password typed in another Unicode form', async () => {
    const composed = 'آرامش-۱۲۳۴۵۶'; // U+0622
    const decomposed = composed.normalize('NFD'); // U+0627 U+0653
    expect(decomposed).not.toBe(composed);
    await store.create({ id: 'reza', name: 'Reza', languages: ['fa'], password: composed });
    expect((await store.verifyPassword('reza', decomposed))?.id).toBe('reza');
  });

  it('refuses a duplicate id, also when two creations race', async () => {
    await store.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: PASSWORD });
    await expect(
      store.create({ id: 'SARA', name: 'Other', languages: ['en'], password: PASSWORD }),
    ).rejects.toSatisfy((e) => isHamdelError(e, 'AGENT_EXISTS'));
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        store.create({ id: 'omid', name: `Omid ${n}`, languages: ['fa'], password: PASSWORD }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await store.list()).map((a) => a.id)).toEqual(['omid', 'sara']);
  });

  it('refuses a short password and invalid fields', async () => {
    await expect(
      store.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: 'short' }),
    ).rejects.toSatisfy((e) => isHamdelError(e, 'PASSWORD_INVALID'));
    await expect(
      store.create({ id: 'sara', name: 'Sara', languages: [], password: PASSWORD }),
    ).rejects.toSatisfy((e) => isHamdelError(e, 'AGENT_INVALID'));
    expect(await store.list()).toEqual([]);
  });

  it('updates fields, changes the password, removes', async () => {
    await store.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: PASSWORD });
    const updated = await store.update('sara', {
      capacity: 5,
      skills: ['billing'],
      role: 'admin',
      team: 'night',
      languages: ['fa', 'ar'],
    });
    expect(updated).toMatchObject({
      capacity: 5,
      skills: ['billing'],
      role: 'admin',
      team: 'night',
      languages: ['fa', 'ar'],
      name: 'Sara',
    });
    await expect(store.update('nobody', { capacity: 2 })).rejects.toSatisfy((e) =>
      isHamdelError(e, 'AGENT_NOT_FOUND'),
    );
    await expect(store.update('sara', { capacity: 99 })).rejects.toSatisfy((e) =>
      isHamdelError(e, 'AGENT_INVALID'),
    );

    await store.setPassword('sara', 'a brand new password');
    expect(await store.verifyPassword('sara', PASSWORD)).toBeUndefined();
    expect((await store.verifyPassword('sara', 'a brand new password'))?.id).toBe('sara');
    await expect(store.setPassword('nobody', 'a brand new password')).rejects.toSatisfy((e) =>
      isHamdelError(e, 'AGENT_NOT_FOUND'),
    );

    // Sara is the only admin: another one first (the last active admin is never removed).
    await store.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: PASSWORD });
    expect(await store.remove('sara')).toBe(true);
    expect(await store.remove('sara')).toBe(false);
    expect(await store.get('sara')).toBeUndefined();
    await expect(store.update('sara', { capacity: 2 })).rejects.toSatisfy((e) =>
      isHamdelError(e, 'AGENT_NOT_FOUND'),
    );
    expect(await redis.exists(agentKeys(prefix).agent('sara'))).toBe(0);
  });

  it('upgrades an old hash when the cost settings change', async () => {
    await store.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: PASSWORD });
    const stronger = new RedisAgentStore({
      redis,
      prefix,
      clock: new ManualClock(0),
      hashCost: { memoryCost: 8192, timeCost: 1 },
    });
    expect((await stronger.verifyPassword('sara', PASSWORD))?.id).toBe('sara');
    expect(await redis.hget(agentKeys(prefix).agent('sara'), 'passwordHash')).toMatch(/m=8192,t=1/);
  });

  it('checks a password hash for an unknown id too, so timing does not tell which ids exist', async () => {
    const real = new RedisAgentStore({ redis, prefix, clock: new ManualClock(0) });
    await real.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: PASSWORD });
    const verify = vi.spyOn(PasswordHasher.prototype, 'verify');
    try {
      expect(await real.verifyPassword('sara', 'wrong password!')).toBeUndefined();
      expect(await real.verifyPassword('nobody', 'wrong password!')).toBeUndefined();
      expect(verify).toHaveBeenCalledTimes(2);
    } finally {
      verify.mockRestore();
    }
  });

  it('deactivates and reactivates an account, keeping its record and password', async () => {
    await store.create({
      id: 'sara',
      name: 'سارا',
      languages: ['fa'],
      skills: ['billing'],
      password: PASSWORD,
    });
    const before = await store.get('sara');
    const off = await store.deactivate('SARA');
    expect(off).toEqual({ agent: { ...before, deactivatedAt: 1_000 }, changed: true });
    expect(await store.get('sara')).toEqual({ ...before, deactivatedAt: 1_000 });
    expect((await store.list()).map((a) => [a.id, a.deactivatedAt])).toEqual([['sara', 1_000]]);
    // The right password still says who it is: the sign-in route refuses it (AGENT_DEACTIVATED).
    expect(await store.verifyPassword('sara', PASSWORD)).toMatchObject({ id: 'sara', deactivatedAt: 1_000 });
    expect(await store.deactivate('sara')).toMatchObject({ changed: false });

    const on = await store.reactivate('sara');
    expect(on).toEqual({ agent: before, changed: true });
    expect(await store.verifyPassword('sara', PASSWORD)).toEqual(before);
    expect(await store.reactivate('sara')).toEqual({ agent: before, changed: false });
    for (const change of [
      () => store.deactivate('nobody'),
      () => store.reactivate('nobody'),
      () => store.deactivate('a b'),
    ]) {
      await expect(change()).rejects.toSatisfy((e) => isHamdelError(e, 'AGENT_NOT_FOUND'));
    }
    // An update never touches the state, and a patch cannot set it.
    await store.deactivate('sara');
    expect(await store.update('sara', { capacity: 5 })).toMatchObject({ capacity: 5, deactivatedAt: 1_000 });
    await expect(store.update('sara', { deactivatedAt: undefined } as never)).rejects.toSatisfy((e) =>
      isHamdelError(e, 'AGENT_INVALID'),
    );
  });

  it('never deactivates the last active admin, even when two admins deactivate each other at once', async () => {
    await store.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: PASSWORD });
    await store.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: PASSWORD });
    await expect(store.deactivate('boss')).rejects.toSatisfy((e) => isHamdelError(e, 'LAST_ACTIVE_ADMIN'));
    expect(await store.get('boss')).not.toHaveProperty('deactivatedAt');
    // A deactivated admin does not count as one.
    await store.create({ id: 'nima', name: 'Nima', role: 'admin', languages: ['fa'], password: PASSWORD });
    await store.deactivate('nima');
    await expect(store.deactivate('boss')).rejects.toSatisfy((e) => isHamdelError(e, 'LAST_ACTIVE_ADMIN'));
    await store.reactivate('nima');

    const [first, second] = await Promise.allSettled([store.deactivate('boss'), store.deactivate('nima')]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { changed: true } });
    expect(second.status).toBe('rejected');
    expect(isHamdelError((second as PromiseRejectedResult).reason, 'LAST_ACTIVE_ADMIN')).toBe(true);
    const admins = (await store.list()).filter((a) => a.role === 'admin' && a.deactivatedAt === undefined);
    expect(admins.map((a) => a.id)).toEqual(['nima']);
    // Agents and supervisors are never the last admin.
    expect(await store.deactivate('sara')).toMatchObject({ changed: true });
  });

  it('never removes the last active admin or takes their role, even from the command line', async () => {
    await store.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: PASSWORD });
    await store.create({
      id: 'sara',
      name: 'Sara',
      role: 'supervisor',
      languages: ['fa'],
      password: PASSWORD,
    });
    await expect(store.remove('boss')).rejects.toSatisfy((e) => isHamdelError(e, 'LAST_ACTIVE_ADMIN'));
    await expect(store.update('boss', { role: 'supervisor' })).rejects.toSatisfy((e) =>
      isHamdelError(e, 'LAST_ACTIVE_ADMIN'),
    );
    expect(await store.get('boss')).toMatchObject({ role: 'admin' });
    // Other changes to the last admin, and any change to others, go through.
    expect(await store.update('boss', { name: 'Boss 2', role: 'admin' })).toMatchObject({ name: 'Boss 2' });
    expect(await store.update('sara', { role: 'agent' })).toMatchObject({ role: 'agent' });
    // Once another admin is active, the first one may go.
    await store.update('sara', { role: 'admin' });
    expect(await store.update('boss', { role: 'agent' })).toMatchObject({ role: 'agent' });
    await expect(store.remove('sara')).rejects.toSatisfy((e) => isHamdelError(e, 'LAST_ACTIVE_ADMIN'));
    expect(await store.remove('boss')).toBe(true);
    expect(await store.remove('boss')).toBe(false);
    await expect(store.update('boss', { name: 'x' })).rejects.toSatisfy((e) =>
      isHamdelError(e, 'AGENT_NOT_FOUND'),
    );
  });
});
