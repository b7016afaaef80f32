import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AGENT_PW,
  ADMIN_PW,
  JSON_HEADERS as json,
  startAuthFixture,
  type AuthFixture,
} from './auth-fixture.ts';

/** The admin API's deactivate and reactivate, on real Redis: rules, sessions, presence and the audit log. */
describe('deactivating and reactivating an account over the admin API', () => {
  let f: AuthFixture;
  beforeEach(async () => {
    f = await startAuthFixture();
  });
  afterEach(() => f.close());

  const deactivate = (id: string): InjectOptions => ({
    method: 'POST',
    url: `/api/admin/agents/${id}/deactivate`,
    headers: json,
    payload: {},
  });
  const reactivate = (id: string): InjectOptions => ({
    method: 'POST',
    url: `/api/admin/agents/${id}/reactivate`,
    headers: json,
    payload: {},
  });

  it('signs the agent out everywhere, refuses their sign-in, and lets them back in with the old password', async () => {
    const admin = await f.tokenOf('boss', ADMIN_PW);
    const sara = await f.tokenOf('sara', AGENT_PW);
    const saraOnPhone = await f.tokenOf('sara', AGENT_PW);
    await f.presence.heartbeat('sara');
    await f.holdChat('sara', 'conv-1');
    const before = await f.store.get('sara');

    const off = await f.as(admin, deactivate('Sara'));
    expect(off.statusCode).toBe(200);
    expect(off.json()).toEqual({
      agent: { ...before, deactivatedAt: f.clock.now() },
      sessionsEnded: 2,
    });
    // Every session ended; the agent is offline and their chat is reported for the line.
    for (const token of [sara, saraOnPhone]) {
      const me = await f.as(token, { method: 'GET', url: '/api/agent/me' });
      expect(me.statusCode).toBe(401);
      expect(me.json().code).toBe('AUTH_REQUIRED');
    }
    expect((await f.presence.get('sara')).status).toBe('offline');
    expect(f.events.map((e) => [e.agentId, e.reason, e.chats])).toEqual([['sara', 'offline', ['conv-1']]]);

    // The right password is refused with its own code; a wrong one learns nothing more than before.
    const refused = await f.login('sara', AGENT_PW);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('AGENT_DEACTIVATED');
    expect(refused.cookies.find((c) => c.name === 'hamdel_session')).toBeUndefined();
    const wrong = await f.login('sara', 'not her password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('AUTH_FAILED');

    // The record stays, listed with its state.
    const list = await f.as(admin, { method: 'GET', url: '/api/admin/agents' });
    expect(list.json().agents.find((a: { id: string }) => a.id === 'sara')).toMatchObject({
      ...before,
      deactivatedAt: f.clock.now(),
    });
    // Deactivating again changes nothing and is not recorded twice.
    expect((await f.as(admin, deactivate('sara'))).json()).toMatchObject({ sessionsEnded: 0 });

    f.clock.advance(60_000);
    const on = await f.as(admin, reactivate('sara'));
    expect(on.statusCode).toBe(200);
    expect(on.json()).toEqual({ agent: before });
    const again = await f.tokenOf('sara', AGENT_PW);
    expect((await f.as(again, { method: 'GET', url: '/api/agent/me' })).json().agent).toEqual(before);

    expect((await f.audit.list()).map((e) => [e.by, e.action, e.target, e.at])).toEqual([
      ['boss', 'agent-reactivated', 'sara', f.clock.now()],
      ['boss', 'agent-deactivated', 'sara', f.clock.now() - 60_000],
    ]);
  });

  it('refuses an admin their own account, and only an admin may deactivate or reactivate', async () => {
    const admin = await f.tokenOf('boss', ADMIN_PW);
    const self = await f.as(admin, deactivate('BOSS'));
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('SELF_DEACTIVATION');
    expect((await f.as(admin, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(200);
    expect(await f.store.get('boss')).not.toHaveProperty('deactivatedAt');

    const missing = await f.as(admin, deactivate('nobody'));
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('AGENT_NOT_FOUND');
    expect((await f.as(admin, reactivate('nobody'))).json().code).toBe('AGENT_NOT_FOUND');

    const agent = await f.tokenOf('sara', AGENT_PW);
    for (const options of [deactivate('boss'), reactivate('sara')]) {
      const response = await f.as(agent, options);
      expect(response.statusCode, String(options.url)).toBe(403);
      expect(response.json().code).toBe('FORBIDDEN_ROLE');
      expect((await f.app.inject(options)).statusCode).toBe(401);
    }
    // A request from another site is refused before anything is read.
    const crossSite = await f.as(admin, {
      ...deactivate('sara'),
      headers: { ...json, origin: 'https://evil.example' },
    });
    expect(crossSite.json().code).toBe('CROSS_ORIGIN');
    expect(await f.store.get('sara')).not.toHaveProperty('deactivatedAt');
    expect(await f.audit.list()).toEqual([]);
  });

  it('keeps one active admin: another admin can be deactivated, never the last active one', async () => {
    await f.store.create({ id: 'nima', name: 'Nima', role: 'admin', languages: ['fa'], password: ADMIN_PW });
    const boss = await f.tokenOf('boss', ADMIN_PW);
    const nima = await f.tokenOf('nima', ADMIN_PW);
    expect((await f.as(boss, deactivate('nima'))).statusCode).toBe(200);
    // Nima's session ended with the deactivation: no admin right is left to use against boss.
    expect((await f.as(nima, deactivate('boss'))).statusCode).toBe(401);
    expect((await f.login('nima', ADMIN_PW)).json().code).toBe('AGENT_DEACTIVATED');
    expect(await f.store.get('boss')).not.toHaveProperty('deactivatedAt');
  });
});
