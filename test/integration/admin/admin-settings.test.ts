/**
 * The admin's run-time settings on real servers and Redis: routing rules send escalations to the team of
 * the article's topic, the channel or the site (else `default`); a team's hours saved on one server are
 * used by another on the same prefix; every change lands in the audit log with who made it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';
import { SlackAgentLinks } from '../../../src/adapters/slack/agent-links.ts';
import { createRedis } from '../../../src/core/redis.ts';
import { loadConfig } from '../../../src/core/config.ts';
import { REDIS_URL } from '../../helpers/redis.ts';

const ADMIN_PW = 'admin-password-123';
const AGENT_PW = 'agent-password-123';
let server: TestServer;
let other: TestServer;
let admin: string;
let agent: string;

async function signIn(url: string, id: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, password }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function call(
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  url = server.url,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      cookie,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A widget customer who says `text`; returns the team of the ticket their conversation got. */
async function escalate(text: string, origin?: string): Promise<string | undefined> {
  const client = await WidgetTestClient.connect(server.url, origin ? { origin } : {});
  client.send({ type: 'hello' });
  const welcome = await client.welcome();
  await client.say(text, randomUUID());
  const ticket = await vi.waitFor(
    async () => {
      const found = await server.hamdel.human.queue.ticket(welcome.conversationId);
      if (!found) throw new Error('no ticket yet');
      return found;
    },
    { timeout: 5_000, interval: 50 },
  );
  await client.close();
  return ticket.pool.team;
}

beforeAll(async () => {
  server = await startTestServer();
  other = await startTestServer({ prefix: server.prefix });
  const agents = server.hamdel.human.agents;
  await agents.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: ADMIN_PW });
  await agents.create({
    id: 'sara',
    name: 'Sara',
    role: 'supervisor',
    languages: ['en'],
    password: AGENT_PW,
  });
  admin = await signIn(server.url, 'boss', ADMIN_PW);
  agent = await signIn(server.url, 'sara', AGENT_PW);
});

afterAll(async () => {
  await other?.close({ keepData: true });
  await server?.close();
});

describe('routing rules', () => {
  it('sends an escalation to the team of its topic, channel or site, else to default', async () => {
    expect(await escalate('I want to talk to a person please')).toBe('default');

    const rules = [
      { when: 'topic', value: 'privacy', team: 'privacy' },
      { when: 'site', value: 'shop.example.test', team: 'shop' },
      { when: 'channel', value: 'web', team: 'web-team' },
    ];
    const saved = await call(admin, 'PUT', '/api/admin/routing', { rules });
    expect(saved.status).toBe(200);
    expect(saved.json.rules).toEqual(rules);

    // The deletion article (tags: account, privacy) needs a person: its topic decides.
    expect(await escalate('How do I delete my account?')).toBe('privacy');
    // No topic: the widget page's site.
    expect(await escalate('I want to talk to a person please', 'https://shop.example.test')).toBe('shop');
    // Another site: the channel.
    expect(await escalate('I want to talk to a person please', 'https://blog.example.test')).toBe('web-team');

    await call(admin, 'PUT', '/api/admin/routing', { rules: [] });
    expect(await escalate('How do I delete my account?')).toBe('default');
  });

  it('refuses bad rules, other roles and other origins, and changes nothing', async () => {
    const bad = await call(admin, 'PUT', '/api/admin/routing', {
      rules: [{ when: 'mood', value: 'x', team: 'a' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('ROUTING_INVALID');
    const rules = [{ when: 'channel', value: 'telegram', team: 'social' }];
    const notAdmin = await call(agent, 'PUT', '/api/admin/routing', { rules });
    expect([notAdmin.status, notAdmin.json.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const crossSite = await call(
      admin,
      'PUT',
      '/api/admin/routing',
      { rules },
      { origin: 'https://evil.example' },
    );
    expect([crossSite.status, crossSite.json.code]).toEqual([403, 'CROSS_ORIGIN']);
    expect((await call(admin, 'GET', '/api/admin/routing')).json.rules).toEqual([]);
  });
});

describe('teams and their hours', () => {
  it('serves a team saved on one server from another on the same prefix, and reverts to the file', async () => {
    const hours = {
      timezone: 'Asia/Tehran',
      weekly: { sat: [['08:00', '16:00']] },
      closedDates: ['2026-12-20'],
    };
    const saved = await call(admin, 'PUT', '/api/admin/teams/night', hours);
    expect(saved.status).toBe(200);
    // The other server hears of the change and uses the hours (its wait notices read them).
    await vi.waitFor(() => expect(other.hamdel.human.settings.hours('night')?.timezone).toBe('Asia/Tehran'), {
      timeout: 5_000,
      interval: 50,
    });
    const otherAdmin = await signIn(other.url, 'boss', ADMIN_PW);
    const listed = await call(otherAdmin, 'GET', '/api/admin/teams', undefined, {}, other.url);
    const teams = listed.json.teams as { name: string; source: string; hours: unknown }[];
    expect(teams.find((t) => t.name === 'night')).toEqual({ name: 'night', source: 'admin', hours });
    expect(teams.find((t) => t.name === 'default')?.source).toBe('file');

    // An admin's hours for the file's team override it everywhere; removing them brings the file's back.
    const fileHours = server.hamdel.human.settings.hours('default');
    await call(admin, 'PUT', '/api/admin/teams/default', {
      timezone: 'Europe/Berlin',
      weekly: { mon: [['10:00', '12:00']] },
    });
    await vi.waitFor(
      () => expect(other.hamdel.human.settings.hours('default')?.timezone).toBe('Europe/Berlin'),
      {
        timeout: 5_000,
        interval: 50,
      },
    );
    expect((await call(admin, 'DELETE', '/api/admin/teams/default')).status).toBe(200);
    await vi.waitFor(() => expect(other.hamdel.human.settings.hours('default')).toEqual(fileHours), {
      timeout: 5_000,
      interval: 50,
    });
    const again = await call(admin, 'DELETE', '/api/admin/teams/default');
    expect([again.status, again.json.code]).toEqual([404, 'TEAM_NOT_FOUND']);

    const bad = await call(admin, 'PUT', '/api/admin/teams/night', { timezone: 'Mars/Olympus', weekly: {} });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('TEAM_INVALID');
    expect(bad.json.message).toMatch(/timezone/);
    const badName = await call(admin, 'PUT', '/api/admin/teams/no%20spaces', hours);
    expect(badName.json.code).toBe('TEAM_INVALID');
  });
});

describe('canned replies', () => {
  it("replaces a language's list in every server, refuses a bad entry, and goes back to the file", async () => {
    const replies = [{ id: 'hello', title: 'Hello', text: 'سلام {customer}، {agent} هستم.' }];
    const saved = await call(admin, 'PUT', '/api/admin/canned/fa', { replies });
    expect([saved.status, saved.json.replies]).toEqual([200, replies]);
    const otherAdmin = await signIn(other.url, 'boss', ADMIN_PW);
    const read = () => call(otherAdmin, 'GET', '/api/admin/canned', undefined, {}, other.url);
    await vi.waitFor(
      async () => expect((await read()).json.sources).toMatchObject({ fa: 'admin', en: 'file' }),
      {
        timeout: 5_000,
        interval: 50,
      },
    );
    const lists = (await read()).json.replies as Record<string, unknown[]>;
    expect(lists.fa).toEqual(replies);
    expect(lists.en?.length).toBeGreaterThan(0);

    const bad = await call(admin, 'PUT', '/api/admin/canned/fa', {
      replies: [{ id: 'Bad Id', title: 'x', text: 'hi {nobody}' }],
    });
    expect([bad.status, bad.json.code]).toEqual([400, 'CATALOG_INVALID']);
    expect(bad.json.message).toMatch(/\{nobody\}/);
    expect((await call(admin, 'PUT', '/api/admin/canned/de', { replies })).json.code).toBe('CATALOG_INVALID');

    expect((await call(admin, 'DELETE', '/api/admin/canned/fa')).status).toBe(200);
    await vi.waitFor(async () => expect((await read()).json.sources).toMatchObject({ fa: 'file' }), {
      timeout: 5_000,
      interval: 50,
    });
  });
});

describe('Slack user links', () => {
  it('links a Slack user to an agent as the CLI does, refuses unknown agents and bad ids, and unlinks', async () => {
    const linked = await call(admin, 'PUT', '/api/admin/slack-links/U0SARA1', { agentId: 'sara' });
    expect([linked.status, linked.json]).toEqual([200, { slackUser: 'U0SARA1', agentId: 'sara' }]);
    // The Slack side reads the same hash.
    const redis = createRedis(loadConfig({ REDIS_URL, KEY_PREFIX: server.prefix }), 'test-slack-links');
    await redis.connect();
    onTestFinished(() => redis.disconnect());
    const links = new SlackAgentLinks(redis, server.prefix);
    expect(await links.agentOf('U0SARA1')).toBe('sara');
    expect((await call(admin, 'GET', '/api/admin/slack-links')).json.links).toEqual([
      { slackUser: 'U0SARA1', agentId: 'sara' },
    ]);
    const unknown = await call(admin, 'PUT', '/api/admin/slack-links/U0NOBODY', { agentId: 'nobody' });
    expect([unknown.status, unknown.json.code]).toEqual([404, 'AGENT_NOT_FOUND']);
    const badId = await call(admin, 'PUT', '/api/admin/slack-links/not-slack', { agentId: 'sara' });
    expect([badId.status, badId.json.code]).toEqual([400, 'MESSAGE_INVALID']);
    const notAdmin = await call(agent, 'DELETE', '/api/admin/slack-links/U0SARA1');
    expect(notAdmin.status).toBe(403);
    expect((await call(admin, 'DELETE', '/api/admin/slack-links/U0SARA1')).status).toBe(200);
    expect(await links.agentOf('U0SARA1')).toBeUndefined();
    expect((await call(admin, 'DELETE', '/api/admin/slack-links/U0SARA1')).status).toBe(404);
  });
});

describe('audit log', () => {
  it('records every admin change with who made it, newest first, and only admins read it', async () => {
    const created = await call(admin, 'POST', '/api/admin/agents', {
      id: 'reza',
      name: 'Reza',
      languages: ['fa'],
      skills: ['billing'],
      team: 'night',
      password: 'reza-password-123',
    });
    expect(created.status).toBe(201);
    await call(admin, 'PATCH', '/api/admin/agents/reza', { capacity: 5, skills: ['billing', 'refunds'] });
    await call(admin, 'POST', '/api/admin/agents/reza/password', { password: 'another-password-1' });
    await call(admin, 'DELETE', '/api/admin/agents/reza');

    const log = await call(admin, 'GET', '/api/admin/audit?limit=500');
    expect(log.status).toBe(200);
    const entries = log.json.entries as {
      id: string;
      by: string;
      action: string;
      target: string;
      details: Record<string, unknown>;
    }[];
    expect(entries.every((e) => e.by === 'boss')).toBe(true);
    const mine = entries.filter((e) => e.target === 'reza');
    expect(mine.map((e) => e.action)).toEqual([
      'agent-removed',
      'agent-password-reset',
      'agent-changed',
      'agent-created',
    ]);
    expect(mine[2]?.details).toEqual({ skills: [['billing'], ['billing', 'refunds']], capacity: [3, 5] });
    expect(JSON.stringify(entries)).not.toContain('password-123');
    expect(JSON.stringify(entries)).not.toContain('another-password');
    const actions = new Set(entries.map((e) => e.action));
    for (const action of [
      'routing-changed',
      'team-saved',
      'team-removed',
      'canned-saved',
      'canned-removed',
      'slack-linked',
      'slack-unlinked',
    ])
      expect(actions).toContain(action);

    const page = await call(admin, 'GET', '/api/admin/audit?limit=2');
    const first = page.json.entries as { id: string }[];
    expect(first).toHaveLength(2);
    const next = await call(admin, 'GET', `/api/admin/audit?limit=2&before=${first[1]?.id}`);
    expect((next.json.entries as { id: string }[])[0]?.id).toBe(entries[2]?.id);

    const refused = await call(agent, 'GET', '/api/admin/audit');
    expect([refused.status, refused.json.code]).toEqual([403, 'FORBIDDEN_ROLE']);
  });
});

describe('the admin console page', () => {
  it('sends a visitor to sign in, refuses a non-admin with a page, and serves an admin the console', async () => {
    const anonymous = await fetch(`${server.url}/admin/`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/agent/login?next=/admin/');
    const refused = await fetch(`${server.url}/admin/`, { headers: { cookie: agent } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Admins only');
    const page = await fetch(`${server.url}/admin/`, { headers: { cookie: admin } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/admin/admin.js');
    const script = await fetch(`${server.url}/admin/admin.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('hamdel.admin.language');
    // The shared look of the role pages, then the console's own; the refusal page uses both too.
    const base = await fetch(`${server.url}/admin/base.css`);
    expect(base.headers.get('content-type')).toMatch(/text\/css/);
    expect(await base.text()).toContain('--accent');
    expect((await fetch(`${server.url}/admin/admin.css`)).status).toBe(200);
    expect((await fetch(`${server.url}/supervisor/base.css`)).status).toBe(200);
  });
});
