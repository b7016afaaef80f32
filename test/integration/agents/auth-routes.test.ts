import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentKeys } from '../../../src/agents/agent-keys.ts';
import { registerAgentAuth } from '../../../src/agents/auth-routes.ts';
import {
  AGENT_PW,
  ADMIN_PW,
  JSON_HEADERS as json,
  startAuthFixture,
  type AuthFixture,
} from './auth-fixture.ts';

const HOUR = 3_600_000;

describe('agent sign-in, sessions and throttling', () => {
  let f: AuthFixture;
  beforeEach(async () => {
    f = await startAuthFixture();
  });
  afterEach(() => f.close());

  it('signs in with a hardened cookie, answers /me, signs out', async () => {
    const response = await f.login('Sara', AGENT_PW);
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

    await f.presence.heartbeat('sara');
    await f.holdChat('sara', 'conv-9');
    const me = await f.as(token, { method: 'GET', url: '/api/agent/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      agent: { id: 'sara' },
      presence: { status: 'online', activeChats: 1 },
    });
    expect((await f.as(token, { method: 'GET', url: '/agent/inbox' })).json()).toEqual({ hello: 'سارا' });

    const out = await f.as(token, { method: 'POST', url: '/api/agent/logout', headers: json, payload: {} });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/hamdel_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(f.events.map((e) => [e.agentId, e.reason, e.chats])).toEqual([['sara', 'offline', ['conv-9']]]);
    const after = await f.as(token, { method: 'GET', url: '/api/agent/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ code: 'AUTH_REQUIRED', message: expect.any(String) });
  });

  it('sets Secure over https', async () => {
    const secureApp = Fastify({ trustProxy: true });
    await registerAgentAuth(secureApp, { store: f.store, sessions: f.sessions, presence: f.presence });
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
      const response = await f.login(id, password);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ code: 'AUTH_FAILED', message: 'Wrong id or password.' });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    const bad = await f.app.inject({
      method: 'POST',
      url: '/api/agent/login',
      headers: json,
      payload: { id: 'sara' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('MESSAGE_INVALID');
    const broken = await f.app.inject({
      method: 'POST',
      url: '/api/agent/login',
      headers: json,
      payload: '{"id":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('ends a session after 12 idle hours, renews it on use, and caps it at 7 days', async () => {
    const token = await f.tokenOf('sara', AGENT_PW);
    f.clock.advance(11 * HOUR);
    expect((await f.as(token, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(200);
    f.clock.advance(11 * HOUR); // 22 h after sign-in, 11 h after last use
    expect((await f.as(token, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(200);
    f.clock.advance(12 * HOUR + 1);
    expect((await f.as(token, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(401);

    const busy = await f.tokenOf('sara', AGENT_PW);
    for (let hours = 0; hours < 7 * 24 - 10; hours += 10) {
      f.clock.advance(10 * HOUR);
      expect((await f.as(busy, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(200);
    }
    f.clock.advance(10 * HOUR);
    expect((await f.as(busy, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(401);
    // The agent's index of sessions (what a revocation ends) lets go of ended ones.
    expect(await f.redis.smembers(agentKeys(f.prefix).agentSessions('sara'))).toEqual([]);
    await f.tokenOf('sara', AGENT_PW);
    expect(await f.redis.smembers(agentKeys(f.prefix).agentSessions('sara'))).toHaveLength(1);
  });

  it('redirects a page route and refuses a forged token', async () => {
    const page = await f.app.inject({ method: 'GET', url: '/agent/inbox' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/agent/login');
    const forged = await f.as('A'.repeat(43), { method: 'GET', url: '/api/agent/me' });
    expect(forged.statusCode).toBe(401);
  });

  it('throttles after five failures for one id, with Retry-After, and forgives after the window', async () => {
    for (let i = 0; i < 5; i++) expect((await f.login('sara', `wrong password ${i}`)).statusCode).toBe(401);
    const blocked = await f.login('sara', AGENT_PW); // even the right password waits
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toEqual({
      code: 'LOGIN_RATE_LIMITED',
      message: 'Too many failed sign-ins. Try again in 15 min.',
    });
    expect(blocked.headers['retry-after']).toBe('900');
    expect((await f.login('boss', ADMIN_PW)).statusCode).toBe(200); // another id from the same address
    f.clock.advance(15 * 60_000 + 1);
    expect((await f.login('sara', AGENT_PW)).statusCode).toBe(200);
  });

  it('throttles one address guessing many ids', async () => {
    for (let i = 0; i < 20; i++) expect((await f.login(`guess${i}`, 'some password')).statusCode).toBe(401);
    expect((await f.login('sara', AGENT_PW)).statusCode).toBe(429);
  });

  it('does not count successful sign-ins against the address', async () => {
    for (let i = 0; i < 25; i++)
      expect((await f.login(i % 2 ? 'sara' : 'boss', i % 2 ? AGENT_PW : ADMIN_PW)).statusCode).toBe(200);
  });

  it('refuses cross-origin and non-JSON mutations', async () => {
    const evil = await f.login('sara', AGENT_PW, { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().code).toBe('CROSS_ORIGIN');
    const same = await f.login('sara', AGENT_PW, { origin: 'http://localhost:80', host: 'localhost:80' });
    expect(same.statusCode).toBe(200);
    const form = await f.app.inject({
      method: 'POST',
      url: '/api/agent/login',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ id: 'sara', password: AGENT_PW }),
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().code).toBe('CROSS_ORIGIN');
  });
});
