import { runAgentCli } from '../../helpers/agent-cli.ts';
import type { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import type { ConsoleClientFrame } from '../../../src/handoff/console-protocol.ts';
import { ConsoleClient } from '../../helpers/console-client.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';

const PASSWORD = 'agent password 123';

describe('who may act on a chat, and access taken back (real servers, Redis, WebSockets)', () => {
  const servers: TestServer[] = [];
  let server: TestServer;
  let redis: Redis;
  let store: RedisConversationStore;
  const open: { close(): unknown }[] = [];

  beforeEach(async () => {
    server = await startServer();
    redis = connectRedis();
    store = new RedisConversationStore({ redis, prefix: server.prefix, clock: systemClock });
    const { agents } = server.hamdel.human;
    await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: PASSWORD });
    await agents.create({ id: 'reza', name: 'رضا', languages: ['fa'], password: PASSWORD });
    await agents.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: PASSWORD });
  });
  afterEach(async () => {
    for (const client of open.splice(0)) await client.close();
    redis.disconnect();
    // The first server started owns the keys: the others stop first and leave them.
    const [first, ...others] = servers.splice(0);
    for (const other of others) await other.close({ keepData: true });
    await first?.close();
  });

  async function startServer(prefix?: string): Promise<TestServer> {
    const started = await startTestServer({
      ...(prefix ? { prefix } : {}),
      env: { HANDOFF_SUPERVISOR_INTERVAL_MS: '200' },
    });
    servers.push(started);
    return started;
  }

  async function signIn(agentId: string, at: TestServer = server): Promise<ConsoleClient> {
    const client = await ConsoleClient.signIn(at.url, agentId, PASSWORD);
    open.push(client);
    return client;
  }

  /** A Persian customer in the widget who asked for a person and whom Sara took in her console. */
  async function saraHasAChat() {
    const customer = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    open.push(customer);
    customer.send({ type: 'hello' });
    const { conversationId } = await customer.welcome();
    await customer.say('سلام، میخوام با یه کارشناس صحبت کنم', 'fa-1');
    await eventually(
      async () => (await server.hamdel.human.queue.waitingIds()).includes(conversationId),
      'the customer in line',
    );
    const sara = await signIn('sara');
    sara.send({ type: 'take-next', ref: 't1' });
    await sara.waitFor((f) => f.type === 'chat' && f.chat.conversationId === conversationId);
    return { customer, conversationId, sara };
  }

  /** What must not move when someone without the right tries: the ticket, the state, the transcript, the line. */
  async function chatState(conversationId: string) {
    const { queue } = server.hamdel.human;
    return {
      ticket: await queue.ticket(conversationId),
      state: (await store.get(conversationId))?.state,
      transcript: (await store.transcript(conversationId)).map((e) => e.text),
      waiting: await queue.waitingIds(),
      saraHolds: await queue.chatsOf('sara'),
      rezaHolds: await queue.chatsOf('reza'),
    };
  }

  /** Sends a command and returns the error frame it got. */
  async function errorFor(client: ConsoleClient, frame: ConsoleClientFrame) {
    const from = client.frames.length;
    client.send(frame);
    return client.waitFor((f) => f.type === 'error', from);
  }

  it("refuses another agent's every command on a chat with NOT_CHAT_HOLDER, and lets an admin", async () => {
    const { customer, conversationId, sara } = await saraHasAChat();
    const before = await chatState(conversationId);
    expect(before.ticket).toMatchObject({ status: 'assigned', agentId: 'sara' });

    const reza = await signIn('reza');
    const refusals: ConsoleClientFrame[] = [
      { type: 'typing', conversationId },
      { type: 'say', conversationId, text: 'من رضا هستم', ref: 'say-1' },
      { type: 'release', conversationId, ref: 'release-1' },
      { type: 'transfer', conversationId, toAgentId: 'reza', ref: 'transfer-1' },
      { type: 'resolve', conversationId, note: 'not mine', ref: 'resolve-1' },
    ];
    for (const frame of refusals) {
      const error = await errorFor(reza, frame);
      expect(error, frame.type).toMatchObject({
        code: 'NOT_CHAT_HOLDER',
        ...('ref' in frame && frame.ref ? { ref: frame.ref } : {}),
      });
    }
    expect(await chatState(conversationId)).toEqual(before);
    expect(customer.frames.some((f) => f.type === 'typing' && f.who === 'agent')).toBe(false);
    expect(sara.frames.some((f) => f.type === 'chat-closed')).toBe(false);
    // A chat nobody holds is refused too.
    expect(await errorFor(reza, { type: 'release', conversationId: 'web-nobody', ref: 'r' })).toMatchObject({
      code: 'NOT_CHAT_HOLDER',
    });

    // An admin may: type, reply, pass the chat on, put it back in line and resolve it.
    const boss = await signIn('boss');
    boss.send({ type: 'typing', conversationId });
    await customer.waitFor((f) => f.type === 'typing' && f.who === 'agent');
    boss.send({ type: 'say', conversationId, text: 'Boss here.', ref: 'boss-say' });
    await customer.waitFor((f) => f.type === 'entry' && f.entry.text === 'Boss here.', 10_000);
    boss.send({ type: 'transfer', conversationId, toAgentId: 'reza', ref: 'boss-transfer' });
    await eventually(
      async () => (await server.hamdel.human.queue.ticket(conversationId))?.agentId === 'reza',
      'the chat with Reza',
    );
    await sara.waitFor((f) => f.type === 'chat-closed' && f.reason === 'transferred');
    boss.send({ type: 'release', conversationId, ref: 'boss-release' });
    await eventually(
      async () => (await server.hamdel.human.queue.waitingIds()).includes(conversationId),
      'the chat back in line',
    );
    reza.send({ type: 'take-next', ref: 't2' });
    await eventually(
      async () => (await server.hamdel.human.queue.ticket(conversationId))?.agentId === 'reza',
      'Reza took it',
    );
    boss.send({ type: 'resolve', conversationId, note: 'closed by an admin', ref: 'boss-resolve' });
    await eventually(
      async () => (await server.hamdel.human.queue.ticket(conversationId)) === undefined,
      'the chat resolved',
    );
    // The ticket closes first, then the conversation goes back to the bot: a moment apart.
    await eventually(async () => (await store.get(conversationId))?.state === 'bot', 'back with the bot');
    expect(boss.frames.filter((f) => f.type === 'error')).toEqual([]);
  });

  it("closes a demoted admin's console; the session is gone and a new one gets an agent's rights", async () => {
    await server.hamdel.human.agents.create({
      id: 'nima',
      name: 'Nima',
      role: 'admin',
      languages: ['fa'],
      password: PASSWORD,
    });
    const { conversationId } = await saraHasAChat();
    const nima = await signIn('nima');
    const bossCookie = await ConsoleClient.cookieOf(server.url, 'boss', PASSWORD);
    const demoted = await fetch(`${server.url}/api/admin/agents/nima`, {
      method: 'PATCH',
      headers: { cookie: bossCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'agent' }),
    });
    expect(demoted.status).toBe(200);

    expect(await nima.closed).toBe(4403);
    expect(nima.frames.at(-1)).toMatchObject({ type: 'error', code: 'SESSION_REVOKED' });
    await expectSessionEnded(nima.cookie);

    const again = await signIn('nima');
    expect(again.frames[0]).toMatchObject({ type: 'hello', agent: { id: 'nima', role: 'agent' } });
    expect(await errorFor(again, { type: 'release', conversationId, ref: 'r1' })).toMatchObject({
      code: 'NOT_CHAT_HOLDER',
    });
    expect((await server.hamdel.human.queue.ticket(conversationId))?.agentId).toBe('sara');
  });

  it("closes a removed agent's console, ends the session and puts the chat back in line", async () => {
    const { conversationId, sara } = await saraHasAChat();
    const bossCookie = await ConsoleClient.cookieOf(server.url, 'boss', PASSWORD);
    const removed = await fetch(`${server.url}/api/admin/agents/sara`, {
      method: 'DELETE',
      headers: { cookie: bossCookie },
    });
    expect(removed.status).toBe(200);

    expect(await sara.closed).toBe(4403);
    expect(sara.frames.at(-1)).toMatchObject({ type: 'error', code: 'SESSION_REVOKED' });
    await expectSessionEnded(sara.cookie);
    await eventually(
      async () => (await server.hamdel.human.queue.waitingIds()).includes(conversationId),
      'the chat back in line',
    );
    expect(await server.hamdel.human.queue.chatsOf('sara')).toEqual([]);
  });

  it('closes a console held by another process on the same Redis when access is taken back', async () => {
    const other = await startServer(server.prefix);
    const reza = await signIn('reza', other);
    const sara = await signIn('sara');
    const bossCookie = await ConsoleClient.cookieOf(server.url, 'boss', PASSWORD);
    const reset = await fetch(`${server.url}/api/admin/agents/reza/password`, {
      method: 'POST',
      headers: { cookie: bossCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'a brand new password' }),
    });
    expect(reset.status).toBe(200);
    expect(await reza.closed).toBe(4403);
    await expectSessionEnded(reza.cookie, other);
    // Another agent's console is untouched.
    const from = sara.frames.length;
    sara.send({ type: 'status', status: 'away' });
    await sara.waitFor((f) => f.type === 'status' && f.status === 'away', from);
  });

  it('closes consoles when the command line changes a password, takes the admin role away or removes', async () => {
    const sara = await signIn('sara');
    const passwd = await runCli(['passwd', '--id', 'sara'], 'a whole new secret\na whole new secret\n');
    expect(passwd.code).toBe(0);
    expect(await sara.closed).toBe(4403);
    await expectSessionEnded(sara.cookie);

    const boss = await signIn('boss');
    // Boss is the only admin left: the command line may not take the role away and nothing closes.
    const refused = await runCli(['role', '--id', 'boss', '--role', 'agent'], '');
    expect(refused.code).toBe(1);
    expect(`${refused.stdout}${refused.stderr}`).toContain('LAST_ACTIVE_ADMIN');
    expect((await server.hamdel.human.agents.get('boss'))?.role).toBe('admin');
    await server.hamdel.human.agents.create({
      id: 'leila',
      name: 'Leila',
      role: 'admin',
      languages: ['fa'],
      password: PASSWORD,
    });
    const role = await runCli(['role', '--id', 'boss', '--role', 'agent'], '');
    expect(role.stdout).toContain('boss is now agent; 1 signed-in session(s) ended');
    expect(await boss.closed).toBe(4403);
    await expectSessionEnded(boss.cookie);

    const reza = await signIn('reza');
    const remove = await runCli(['remove', '--id', 'reza'], '');
    expect(remove.code).toBe(0);
    expect(await reza.closed).toBe(4403);
    await expectSessionEnded(reza.cookie);
    expect(await server.hamdel.human.agents.get('reza')).toBeUndefined();
  });

  it('refuses a console upgrade from another origin before the socket opens', async () => {
    const cookie = await ConsoleClient.cookieOf(server.url, 'sara', PASSWORD);
    await expect(ConsoleClient.connect(server.url, cookie, 'https://evil.example')).rejects.toThrow(
      'HTTP 403',
    );
    const refused = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/agent/ws`, {
        headers: { cookie },
        origin: 'https://chat.evil.example',
      });
      socket.once('open', () => reject(new Error('the socket opened')));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode, body }));
      });
    });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'CROSS_ORIGIN' });
    // The console's own page, and a program that sends no Origin, get in.
    const own = await ConsoleClient.connect(server.url, cookie, server.url);
    open.push(own);
    expect(own.frames[0]).toMatchObject({ type: 'hello', agent: { id: 'sara' } });
    const program = await ConsoleClient.connect(server.url, cookie);
    open.push(program);
    expect(program.frames[0]).toMatchObject({ type: 'hello' });
  });

  /** The cookie no longer works: neither for the API nor for a new console. */
  async function expectSessionEnded(cookie: string, at: TestServer = server): Promise<void> {
    expect((await fetch(`${at.url}/api/agent/me`, { headers: { cookie } })).status).toBe(401);
    expect(await ConsoleClient.closeCodeFor(at.url, cookie)).toBe(4401);
  }

  function runCli(args: readonly string[], input: string) {
    return runAgentCli(args, input, server.prefix);
  }
});
