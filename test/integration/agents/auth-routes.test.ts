import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { registerAgentAuth } from '../../../src/agents/auth-routes.ts';
import { RedisPresence, type AgentUnavailable } from '../../../src/agents/presence.ts';
import { RedisAgentStore } from '../../../src/agents/redis-agent-store.ts';
import { signedInAgent } from '../../../src/agents/request-agent.ts';
import { RedisSessions } from '../../../src/agents/sessions.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';

const HOUR = 3_600_000;
const ADMIN_PW = 'admin password 123';
const AGENT_PW = 'agent password 123';
const json = { 'content-type': 'application/json' };

describe('agent sign-in and admin routes', () => {
  let redis: Redis;
  let prefix: string;
  let clock: ManualClock;
  let app: FastifyInstance;
  let store: RedisAgentStore;
  let sessions: RedisSessions;
  let presence: RedisPresence;
  let events: AgentUnavailable[];

  beforeEach(async () => {
    redis = connectRedis();
    prefix = randomPrefix();
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    store = new RedisAgentStore({ redis, prefix, clock, hashCost: { memoryCost: 4096, timeCost: 1 } });
    sessions = new RedisSessions({ redis, prefix, clock });
    presence = new RedisPresence({ redis, prefix, clock });
    events = [];
    presence.on({ unavailable: (e) => void events.push(e) });
    app = Fastify();
    await app.register(fastifyCookie);
    const { requireAgent } = await registerAgentAuth(app, { store, sessions, presence });
    app.get(
      '/agent/inbox',
      { preHandler: requireAgent('agent', { redirectTo: '/agent/login' }) },
      async (request) => ({
        hello: signedInAgent(request).name,
      }),
    );
    await app.ready();
    await store.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: ADMIN_PW });
    await store.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: AGENT_PW });
  });
  afterEach(async () => {
    await app.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  async function login(id: string, password: string, headers: Record<string, string> = {}) {
    return app.inject({
      method: 'POST',
      url: '/api/agent/login',
      headers: { ...json, ...headers },
      payload: { id, password },
    });
  }
  async function tokenOf(id: string, password: string): Promise<string> {
    const response = await login(id, password);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'hamdel_session');
    if (!cookie) throw new Error('no session cookie');
    return cookie.value;
  }
  function as(
    token: string,
    options: InjectOptions,
  ): Promise<Awaited<ReturnType<FastifyInstance['inject']>>> {
    return app.inject({ ...options, cookies: { hamdel_session: token } });
  }

  it('signs in with a hardened cookie, answers /me, signs out', async () => {
    const response = await login('Sara', AGENT_PW);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      agent: { id: 'sara', name: 'سارا', role: 'agent' },
      presence: { status: 'offline' },
    });
    expect(response.body).not.toContain('argon2');
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^hamdel_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).toContain('Path=/');
    expect(header).not.toContain('Secure');
    const token = response.cookies[0]?.value ?? '';

    await presence.heartbeat('sara');
    await presence.holdChat('sara', 'conv-9');
    const me = await as(token, { method: 'GET', url: '/api/agent/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      agent: { id: 'sara' },
      presence: { status: 'online', activeChats: 1 },
    });
    expect((await as(token, { method: 'GET', url: '/agent/inbox' })).json()).toEqual({ hello: 'سارا' });

    const out = await as(token, { method: 'POST', url: '/api/agent/logout', headers: json, payload: {} });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/hamdel_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(events.map((e) => [e.agentId, e.reason, e.chats])).toEqual([['sara', 'offline', ['conv-9']]]);
    const after = await as(token, { method: 'GET', url: '/api/agent/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ code: 'AUTH_REQUIRED', message: expect.any(String) });
  });

  it('sets Secure over https', async () => {
    const secureApp = Fastify({ trustProxy: true });
    await registerAgentAuth(secureApp, { store, sessions, presence });
    const response = await secureApp.inject({
      method: 'POST',
      url: '/api/agent/login',
      headers: { ...json, 'x-forwarded-proto': 'https' },
      payload: { id: 'sara', password: AGENT_PW },
    });
    expect(String(response.headers['set-cookie'])).toContain('Secure');
    await secureApp.close();
  });

  it('refuses a wrong password, an unknown id and a bad body alike', async () => {
    for (const [id, password] of [
      ['sara', 'not the password'],
      ['nobody', AGENT_PW],
    ] as const) {
      const response = await login(id, password);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ code: 'AUTH_FAILED', message: 'Wrong id or password.' });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    const bad = await app.inject({
      method: 'POST',
      url: '/api/agent/login',
      headers: json,
      payload: { id: 'sara' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('MESSAGE_INVALID');
    const broken = await app.inject({
      method: 'POST',
      url: '/api/agent/login',
      headers: json,
      payload: '{"id":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('ends a session after 12 idle hours, renews it on use, and caps it at 7 days', async () => {
    const token = await tokenOf('sara', AGENT_PW);
    clock.advance(11 * HOUR);
    expect((await as(token, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(200);
    clock.advance(11 * HOUR); // 22 h after sign-in, 11 h after last use
    expect((await as(token, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(200);
    clock.advance(12 * HOUR + 1);
    expect((await as(token, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(401);

    const busy = await tokenOf('sara', AGENT_PW);
    for (let hours = 0; hours < 7 * 24 - 10; hours += 10) {
      clock.advance(10 * HOUR);
      expect((await as(busy, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(200);
    }
    clock.advance(10 * HOUR);
    expect((await as(busy, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(401);
  });

  it('redirects a page route and refuses a forged token', async () => {
    const page = await app.inject({ method: 'GET', url: '/agent/inbox' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/agent/login');
    const forged = await as('A'.repeat(43), { method: 'GET', url: '/api/agent/me' });
    expect(forged.statusCode).toBe(401);
  });

  it('throttles after five failures for one id, with Retry-After, and forgives after the window', async () => {
    for (let i = 0; i < 5; i++) expect((await login('sara', `wrong password ${i}`)).statusCode).toBe(401);
    const blocked = await login('sara', AGENT_PW); // even the right password waits
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toEqual({
      code: 'LOGIN_RATE_LIMITED',
      message: 'Too many failed sign-ins. Try again in 15 min.',
    });
    expect(blocked.headers['retry-after']).toBe('900');
    expect((await login('boss', ADMIN_PW)).statusCode).toBe(200); // another id from the same address
    clock.advance(15 * 60_000 + 1);
    expect((await login('sara', AGENT_PW)).statusCode).toBe(200);
  });

  it('throttles one address guessing many ids', async () => {
    for (let i = 0; i < 20; i++) expect((await login(`guess${i}`, 'some password')).statusCode).toBe(401);
    expect((await login('sara', AGENT_PW)).statusCode).toBe(429);
  });

  it('does not count successful sign-ins against the address', async () => {
    for (let i = 0; i < 25; i++)
      expect((await login(i % 2 ? 'sara' : 'boss', i % 2 ? AGENT_PW : ADMIN_PW)).statusCode).toBe(200);
  });

  it('refuses cross-origin and non-JSON mutations', async () => {
    const evil = await login('sara', AGENT_PW, { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().code).toBe('CROSS_ORIGIN');
    const same = await login('sara', AGENT_PW, { origin: 'http://localhost:80', host: 'localhost:80' });
    expect(same.statusCode).toBe(200);
    const form = await app.inject({
      method: 'POST',
      url: '/api/agent/login',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ id: 'sara', password: AGENT_PW }),
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().code).toBe('CROSS_ORIGIN');
  });

  it('lets only an admin manage accounts', async () => {
    const agent = await tokenOf('sara', AGENT_PW);
    const admin = await tokenOf('boss', ADMIN_PW);
    const tries: InjectOptions[] = [
      { method: 'GET', url: '/api/admin/agents' },
      {
        method: 'POST',
        url: '/api/admin/agents',
        headers: json,
        payload: { id: 'x1', name: 'X', languages: ['en'], password: 'long enough pw' },
      },
      { method: 'PATCH', url: '/api/admin/agents/sara', headers: json, payload: { role: 'admin' } },
      {
        method: 'POST',
        url: '/api/admin/agents/boss/password',
        headers: json,
        payload: { password: 'taken over!!' },
      },
      { method: 'DELETE', url: '/api/admin/agents/boss' },
    ];
    for (const options of tries) {
      const response = await as(agent, options);
      expect(response.statusCode, `${options.method} ${options.url}`).toBe(403);
      expect(response.json().code).toBe('FORBIDDEN_ROLE');
      expect((await app.inject(options)).statusCode).toBe(401);
    }
    expect(await store.get('x1')).toBeUndefined();
    expect((await store.get('sara'))?.role).toBe('agent');

    const list = await as(admin, { method: 'GET', url: '/api/admin/agents' });
    expect(
      list.json().agents.map((a: { id: string; presence: { status: string } }) => [a.id, a.presence.status]),
    ).toEqual([
      ['boss', 'offline'],
      ['sara', 'offline'],
    ]);
  });

  it('creates, changes, resets the password of and removes an agent as admin', async () => {
    const admin = await tokenOf('boss', ADMIN_PW);
    const created = await as(admin, {
      method: 'POST',
      url: '/api/admin/agents',
      headers: json,
      payload: {
        id: 'Omid',
        name: 'امید',
        languages: ['fa', 'ar'],
        skills: ['billing'],
        password: 'omid password 1',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().agent).toEqual({
      id: 'omid',
      name: 'امید',
      role: 'agent',
      languages: ['fa', 'ar'],
      skills: ['billing'],
      capacity: 3,
      team: 'default',
    });
    const again = await as(admin, {
      method: 'POST',
      url: '/api/admin/agents',
      headers: json,
      payload: { id: 'omid', name: 'O', languages: ['fa'], password: 'omid password 1' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('AGENT_EXISTS');
    const weak = await as(admin, {
      method: 'POST',
      url: '/api/admin/agents',
      headers: json,
      payload: { id: 'neda', name: 'N', languages: ['fa'], password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('PASSWORD_INVALID');

    const patched = await as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/omid',
      headers: json,
      payload: { capacity: 6, team: 'night' },
    });
    expect(patched.json().agent).toMatchObject({ capacity: 6, team: 'night' });
    const invalid = await as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/omid',
      headers: json,
      payload: { capacity: 50 },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('AGENT_INVALID');
    const missing = await as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/nobody',
      headers: json,
      payload: { capacity: 2 },
    });
    expect(missing.statusCode).toBe(404);
    const demoteSelf = await as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/boss',
      headers: json,
      payload: { role: 'agent' },
    });
    expect(demoteSelf.statusCode).toBe(400);

    const omid = await tokenOf('omid', 'omid password 1');
    const reset = await as(admin, {
      method: 'POST',
      url: '/api/admin/agents/omid/password',
      headers: json,
      payload: { password: 'a new password!' },
    });
    expect(reset.statusCode).toBe(200);
    expect((await as(omid, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(401); // old session ended
    expect((await login('omid', 'omid password 1')).statusCode).toBe(401);
    const omidAgain = await tokenOf('omid', 'a new password!');

    // A role taken away counts at once, without signing in again.
    await as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/omid',
      headers: json,
      payload: { role: 'admin' },
    });
    expect((await as(omidAgain, { method: 'GET', url: '/api/admin/agents' })).statusCode).toBe(200);
    await as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/omid',
      headers: json,
      payload: { role: 'agent' },
    });
    expect((await as(omidAgain, { method: 'GET', url: '/api/admin/agents' })).statusCode).toBe(403);

    await presence.heartbeat('omid');
    await presence.holdChat('omid', 'conv-1');
    const removed = await as(admin, { method: 'DELETE', url: '/api/admin/agents/omid' });
    expect(removed.statusCode).toBe(200);
    expect(events.map((e) => [e.agentId, e.chats])).toEqual([['omid', ['conv-1']]]);
    expect((await as(omidAgain, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(401);
    expect((await as(admin, { method: 'DELETE', url: '/api/admin/agents/boss' })).statusCode).toBe(400);
  });

  it('keeps an admin signed in after changing their own password', async () => {
    const admin = await tokenOf('boss', ADMIN_PW);
    const response = await as(admin, {
      method: 'POST',
      url: '/api/admin/agents/boss/password',
      headers: json,
      payload: { password: 'another admin pw' },
    });
    expect(response.statusCode).toBe(200);
    const fresh = response.cookies.find((c) => c.name === 'hamdel_session')?.value ?? '';
    expect(fresh).not.toBe(admin);
    expect((await as(admin, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(401);
    expect((await as(fresh, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(200);
  });
});
