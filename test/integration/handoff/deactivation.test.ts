import { runAgentCli } from '../../helpers/agent-cli.ts';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../helpers/console-client.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';

const PASSWORD = 'agent password 123';

/**
 * Deactivation end to end on a real server, Redis and WebSockets: the agent's console closes, their chat goes
 * back to the line and the customer is told, they are no transfer target, their notes and tags stay, they
 * cannot sign in until reactivated; the same from the command line, audited as `cli:<os user>`.
 */
describe('a deactivated agent (real server, Redis, WebSockets)', () => {
  let server: TestServer;
  const open: { close(): unknown }[] = [];

  beforeEach(async () => {
    server = await startTestServer({ env: { HANDOFF_SUPERVISOR_INTERVAL_MS: '200' } });
    const { agents } = server.hamdel.human;
    await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: PASSWORD });
    await agents.create({ id: 'reza', name: 'رضا', languages: ['fa'], password: PASSWORD });
    await agents.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['fa'], password: PASSWORD });
  });
  afterEach(async () => {
    for (const client of open.splice(0)) await client.close();
    await server.close();
  });

  async function signIn(agentId: string): Promise<ConsoleClient> {
    const client = await ConsoleClient.signIn(server.url, agentId, PASSWORD);
    open.push(client);
    return client;
  }

  /** A Persian customer who asked for a person and whom Sara took, tagged and wrote a note on. */
  async function saraHasAChat() {
    const customer = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    open.push(customer);
    customer.send({ type: 'hello' });
    const { conversationId } = await customer.welcome();
    await customer.say('سلام، میخوام با یه کارشناس صحبت کنم', 'fa-1');
    const { queue } = server.hamdel.human;
    await eventually(async () => (await queue.waitingIds()).includes(conversationId), 'the customer in line');
    const sara = await signIn('sara');
    sara.send({ type: 'take-next', ref: 't1' });
    await sara.waitFor((f) => f.type === 'chat' && f.chat.conversationId === conversationId);
    sara.send({ type: 'tags', conversationId, tags: ['بازگشت کالا'] });
    await sara.waitFor((f) => f.type === 'tags');
    sara.send({ type: 'note', conversationId, text: 'مشتری رسید خرید دارد', ref: 'n1' });
    await sara.waitFor((f) => f.type === 'note');
    return { customer, conversationId, sara };
  }

  async function admin(path: string): Promise<Response> {
    const cookie = await ConsoleClient.cookieOf(server.url, 'boss', PASSWORD);
    return fetch(`${server.url}/api/admin/agents/sara/${path}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
  }

  async function signInStatus(agentId: string): Promise<{ status: number; code?: string }> {
    const response = await fetch(`${server.url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: agentId, password: PASSWORD }),
    });
    const body = (await response.json()) as { code?: string };
    return { status: response.status, ...(body.code ? { code: body.code } : {}) };
  }

  it('closes their console, returns their chat to the line, keeps their notes and tags, and is no transfer target', async () => {
    const { customer, conversationId, sara } = await saraHasAChat();
    const { queue, service, agents } = server.hamdel.human;
    const reza = await signIn('reza');
    const fromCustomer = customer.frames.length;

    const response = await admin('deactivate');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ agent: { id: 'sara' }, sessionsEnded: 1 });
    // As if a heartbeat of her console already on its way had marked her online again: her chat still goes.
    await server.hamdel.human.presence.heartbeat('sara');

    expect(await sara.closed).toBe(4403);
    expect(sara.frames.at(-1)).toMatchObject({ type: 'error', code: 'SESSION_REVOKED' });
    expect((await fetch(`${server.url}/api/agent/me`, { headers: { cookie: sara.cookie } })).status).toBe(
      401,
    );
    expect(await ConsoleClient.closeCodeFor(server.url, sara.cookie)).toBe(4401);

    // The supervisor's round puts the chat back at the front of the line, and the customer hears why.
    await eventually(
      async () => (await queue.waitingIds()).includes(conversationId),
      'the chat back in line',
    );
    expect(await queue.chatsOf('sara')).toEqual([]);
    await customer.waitFor(
      (f) => f.type === 'entry' && f.entry.text.includes('سارا') && f.entry.text.includes('صف'),
      10_000,
      fromCustomer,
    );
    // What she did on the chat stays hers.
    expect((await queue.ticket(conversationId))?.tags).toEqual(['بازگشت کالا']);
    expect(await service.notesOf(conversationId)).toMatchObject([
      { agentId: 'sara', agentName: 'سارا', text: 'مشتری رسید خرید دارد' },
    ]);
    expect(await agents.get('sara')).toMatchObject({ name: 'سارا', languages: ['fa'] });

    // Reza takes the chat; Sara is not offered, nor accepted, as the one to pass it to.
    reza.send({ type: 'take-next', ref: 't2' });
    await reza.waitFor((f) => f.type === 'chat' && f.chat.conversationId === conversationId);
    reza.send({ type: 'colleagues', conversationId });
    const colleagues = await reza.waitFor((f) => f.type === 'colleagues');
    expect(colleagues.type === 'colleagues' && colleagues.agents.map((a) => a.id)).toEqual(['boss']);
    expect((await server.hamdel.human.presence.get('sara')).status).toBe('online'); // she could be asked
    const from = reza.frames.length;
    reza.send({ type: 'transfer', conversationId, toAgentId: 'sara', ref: 'x1' });
    expect(await reza.waitFor((f) => f.type === 'error', from)).toMatchObject({
      code: 'TRANSFER_REFUSED',
      ref: 'x1',
    });
    expect((await queue.ticket(conversationId))?.agentId).toBe('reza');
    // The handoff service itself refuses her any chat, whatever surface asks.
    const deactivated = await agents.get('sara');
    if (!deactivated) throw new Error('the record is gone');
    await expect(service.take(deactivated)).rejects.toMatchObject({ code: 'AGENT_DEACTIVATED' });
  });

  it('refuses sign-in until an admin reactivates, then lets the agent in with the old password', async () => {
    expect((await admin('deactivate')).status).toBe(200);
    expect(await signInStatus('sara')).toEqual({ status: 403, code: 'AGENT_DEACTIVATED' });
    const self = await fetch(`${server.url}/api/admin/agents/boss/deactivate`, {
      method: 'POST',
      headers: {
        cookie: await ConsoleClient.cookieOf(server.url, 'boss', PASSWORD),
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(self.status).toBe(409);

    expect((await admin('reactivate')).status).toBe(200);
    expect(await signInStatus('sara')).toEqual({ status: 200 });
    const sara = await signIn('sara');
    expect(sara.frames[0]).toMatchObject({ type: 'hello', agent: { id: 'sara' } });
    expect(
      (await server.hamdel.human.audit.list()).map((e) => [e.by, e.action, e.target]).slice(0, 2),
    ).toEqual([
      ['boss', 'agent-reactivated', 'sara'],
      ['boss', 'agent-deactivated', 'sara'],
    ]);
  });

  it('does the same from the command line, writes every CLI change to the audit log as cli:<user>', async () => {
    const by = `cli:${os.userInfo().username}`;
    const sara = await signIn('sara');
    const off = await runCli(['deactivate', '--id', 'sara'], '');
    expect(off.stderr).toBe('');
    expect(off.stdout).toContain('Deactivated sara; 1 signed-in session(s) ended');
    expect(await sara.closed).toBe(4403);
    expect(await signInStatus('sara')).toEqual({ status: 403, code: 'AGENT_DEACTIVATED' });
    expect((await runCli(['deactivate', '--id', 'sara'], '')).stdout).toContain('deactivated already');

    // The last active admin stays, whoever asks.
    const last = await runCli(['deactivate', '--id', 'boss'], '');
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('LAST_ACTIVE_ADMIN');
    expect(await signInStatus('boss')).toEqual({ status: 200 });

    const on = await runCli(['activate', '--id', 'sara'], '');
    expect(on.stdout).toContain('Activated sara');
    expect(await signInStatus('sara')).toEqual({ status: 200 });

    // The other commands are audited too.
    const pw = 'a brand new password';
    expect(
      (await runCli(['add', '--id', 'omid', '--name', 'امید', '--languages', 'fa'], `${pw}\n${pw}\n`)).code,
    ).toBe(0);
    expect((await runCli(['passwd', '--id', 'omid'], `${pw}!\n${pw}!\n`)).code).toBe(0);
    expect((await runCli(['role', '--id', 'omid', '--role', 'supervisor'], '')).code).toBe(0);
    expect((await runCli(['remove', '--id', 'omid'], '')).code).toBe(0);
    const entries = await server.hamdel.human.audit.list();
    expect(entries.map((e) => [e.by, e.action, e.target, e.details])).toEqual([
      [by, 'agent-removed', 'omid', {}],
      [by, 'agent-changed', 'omid', { role: ['agent', 'supervisor'] }],
      [by, 'agent-password-reset', 'omid', {}],
      [
        by,
        'agent-created',
        'omid',
        { role: 'agent', languages: ['fa'], skills: [], capacity: 3, team: 'default' },
      ],
      [by, 'agent-reactivated', 'sara', {}],
      [by, 'agent-deactivated', 'sara', {}],
    ]);
    expect(JSON.stringify(entries)).not.toContain(pw);
    // The admin console's audit API shows them as they are.
    const cookie = await ConsoleClient.cookieOf(server.url, 'boss', PASSWORD);
    const api = await fetch(`${server.url}/api/admin/audit?limit=6`, { headers: { cookie } });
    expect(((await api.json()) as { entries: { by: string }[] }).entries.map((e) => e.by)).toEqual(
      Array(6).fill(by),
    );
  });

  function runCli(args: readonly string[], input: string) {
    return runAgentCli(args, input, server.prefix);
  }
});
