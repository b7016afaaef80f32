import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AGENT_PW,
  ADMIN_PW,
  JSON_HEADERS as json,
  startAuthFixture,
  type AuthFixture,
} from './auth-fixture.ts';

describe('admin account routes', () => {
  let f: AuthFixture;
  beforeEach(async () => {
    f = await startAuthFixture();
  });
  afterEach(() => f.close());

  it('lets only an admin manage accounts', async () => {
    const agent = await f.tokenOf('sara', AGENT_PW);
    const admin = await f.tokenOf('boss', ADMIN_PW);
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
      const response = await f.as(agent, options);
      expect(response.statusCode, `${options.method} ${options.url}`).toBe(403);
      expect(response.json().code).toBe('FORBIDDEN_ROLE');
      expect((await f.app.inject(options)).statusCode).toBe(401);
    }
    expect(await f.store.get('x1')).toBeUndefined();
    expect((await f.store.get('sara'))?.role).toBe('agent');

    const list = await f.as(admin, { method: 'GET', url: '/api/admin/agents' });
    expect(
      list.json().agents.map((a: { id: string; presence: { status: string } }) => [a.id, a.presence.status]),
    ).toEqual([
      ['boss', 'offline'],
      ['sara', 'offline'],
    ]);
  });

  it('creates, changes, resets the password of and removes an agent as admin', async () => {
    const admin = await f.tokenOf('boss', ADMIN_PW);
    const created = await f.as(admin, {
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
    const again = await f.as(admin, {
      method: 'POST',
      url: '/api/admin/agents',
      headers: json,
      payload: { id: 'omid', name: 'O', languages: ['fa'], password: 'omid password 1' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('AGENT_EXISTS');
    const weak = await f.as(admin, {
      method: 'POST',
      url: '/api/admin/agents',
      headers: json,
      payload: { id: 'neda', name: 'N', languages: ['fa'], password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('PASSWORD_INVALID');

    const patched = await f.as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/omid',
      headers: json,
      payload: { capacity: 6, team: 'night' },
    });
    expect(patched.json().agent).toMatchObject({ capacity: 6, team: 'night' });
    const invalid = await f.as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/omid',
      headers: json,
      payload: { capacity: 50 },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('AGENT_INVALID');
    const missing = await f.as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/nobody',
      headers: json,
      payload: { capacity: 2 },
    });
    expect(missing.statusCode).toBe(404);
    const demoteSelf = await f.as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/boss',
      headers: json,
      payload: { role: 'agent' },
    });
    expect(demoteSelf.statusCode).toBe(400);

    const omid = await f.tokenOf('omid', 'omid password 1');
    const reset = await f.as(admin, {
      method: 'POST',
      url: '/api/admin/agents/omid/password',
      headers: json,
      payload: { password: 'a new password!' },
    });
    expect(reset.statusCode).toBe(200);
    expect((await f.as(omid, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(401); // old session ended
    expect((await f.login('omid', 'omid password 1')).statusCode).toBe(401);
    const omidAgain = await f.tokenOf('omid', 'a new password!');

    // A role given counts at once, without signing in again; a role taken away ends the sessions.
    await f.as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/omid',
      headers: json,
      payload: { role: 'admin' },
    });
    expect((await f.as(omidAgain, { method: 'GET', url: '/api/admin/agents' })).statusCode).toBe(200);
    await f.as(admin, {
      method: 'PATCH',
      url: '/api/admin/agents/omid',
      headers: json,
      payload: { role: 'agent' },
    });
    const demoted = await f.as(omidAgain, { method: 'GET', url: '/api/admin/agents' });
    expect(demoted.statusCode).toBe(401);
    expect(demoted.json().code).toBe('AUTH_REQUIRED');
    const omidAsAgent = await f.tokenOf('omid', 'a new password!');
    expect((await f.as(omidAsAgent, { method: 'GET', url: '/api/admin/agents' })).statusCode).toBe(403);

    await f.presence.heartbeat('omid');
    await f.holdChat('omid', 'conv-1');
    const removed = await f.as(admin, { method: 'DELETE', url: '/api/admin/agents/omid' });
    expect(removed.statusCode).toBe(200);
    expect(f.events.map((e) => [e.agentId, e.chats])).toEqual([['omid', ['conv-1']]]);
    expect((await f.as(omidAsAgent, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(401);
    expect((await f.as(admin, { method: 'DELETE', url: '/api/admin/agents/boss' })).statusCode).toBe(400);
  });

  it('keeps an admin signed in after changing their own password', async () => {
    const admin = await f.tokenOf('boss', ADMIN_PW);
    const response = await f.as(admin, {
      method: 'POST',
      url: '/api/admin/agents/boss/password',
      headers: json,
      payload: { password: 'another admin pw' },
    });
    expect(response.statusCode).toBe(200);
    const fresh = response.cookies.find((c) => c.name === 'hamdel_session')?.value ?? '';
    expect(fresh).not.toBe(admin);
    expect((await f.as(admin, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(401);
    expect((await f.as(fresh, { method: 'GET', url: '/api/agent/me' })).statusCode).toBe(200);
  });
});
