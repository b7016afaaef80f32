/**
 * The console's newer commands on real servers, Redis and WebSockets: picking one chat from the line (and
 * the refusals), internal notes that never reach the customer (live or replayed), tags kept on the closed
 * ticket, the customer's earlier conversations and search, and the colleagues a chat could go to.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleServerFrame } from '../../../src/handoff/console-protocol.ts';
import { ConsoleClient } from '../../helpers/console-client.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';
import { TestVisitor, WidgetTestClient } from '../../helpers/ws-client.ts';

const PASSWORD = 'agent password 123';
type Frame<T extends ConsoleServerFrame['type']> = Extract<ConsoleServerFrame, { type: T }>;

describe('the grown-up agent console (real server, Redis, WebSockets)', () => {
  let server: TestServer;
  const open: { close(): unknown }[] = [];

  beforeEach(async () => {
    server = await startTestServer();
    const { agents } = server.hamdel.human;
    await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], capacity: 1, password: PASSWORD });
    await agents.create({ id: 'reza', name: 'رضا', languages: ['fa'], password: PASSWORD });
    await agents.create({ id: 'john', name: 'John', languages: ['en'], password: PASSWORD });
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

  /** A Persian customer in the widget who asked for a person: in line, nobody holds them yet. */
  async function customerInLine(visitor?: TestVisitor) {
    const customer = await WidgetTestClient.connect(server.url, {
      lang: 'fa',
      ...(visitor ? { visitor } : {}),
    });
    open.push(customer);
    customer.send({ type: 'hello' });
    const { conversationId } = await customer.welcome();
    await customer.say('سلام، میخوام با یه کارشناس صحبت کنم', `fa-${Date.now()}`);
    await eventually(
      async () => (await server.hamdel.human.queue.waitingIds()).includes(conversationId),
      'the customer in line',
    );
    return { customer, conversationId };
  }

  async function errorFor(client: ConsoleClient, ref: string): Promise<string> {
    const frame = (await client.waitFor((f) => f.type === 'error' && f.ref === ref)) as Frame<'error'>;
    return frame.code;
  }

  it('picks a given chat from the line, and refuses what "Take next" would refuse', async () => {
    const first = await customerInLine();
    const second = await customerInLine();
    const sara = await signIn('sara');
    const john = await signIn('john');

    // Not Persian: John cannot serve it.
    john.send({ type: 'take', conversationId: second.conversationId, ref: 'j1' });
    expect(await errorFor(john, 'j1')).toBe('TICKET_NOT_SERVABLE');
    // Away: nothing is taken.
    sara.send({ type: 'status', status: 'away' });
    await sara.waitFor((f) => f.type === 'status' && f.status === 'away');
    sara.send({ type: 'take', conversationId: second.conversationId, ref: 's0' });
    expect(await errorFor(sara, 's0')).toBe('NOT_ONLINE');
    sara.send({ type: 'status', status: 'online' });
    await sara.waitFor((f) => f.type === 'status' && f.status === 'online');

    // The second in line, not the first.
    sara.send({ type: 'take', conversationId: second.conversationId, ref: 's1' });
    const chat = (await sara.waitFor((f) => f.type === 'chat')) as Frame<'chat'>;
    expect(chat.chat.conversationId).toBe(second.conversationId);
    const { queue } = server.hamdel.human;
    expect(await queue.ticket(second.conversationId)).toMatchObject({ status: 'assigned', agentId: 'sara' });
    expect(await queue.ticket(first.conversationId)).toMatchObject({ status: 'waiting' });

    // Capacity 1: full.
    sara.send({ type: 'take', conversationId: first.conversationId, ref: 's2' });
    expect(await errorFor(sara, 's2')).toBe('AT_CAPACITY');
    // Taken already, and not there at all.
    const reza = await signIn('reza');
    reza.send({ type: 'take', conversationId: second.conversationId, ref: 'r1' });
    expect(await errorFor(reza, 'r1')).toBe('TICKET_TAKEN');
    reza.send({ type: 'take', conversationId: 'no-such-chat', ref: 'r2' });
    expect(await errorFor(reza, 'r2')).toBe('TICKET_GONE');
    // A bad frame changes nothing.
    reza.socket.send(JSON.stringify({ type: 'take', ref: 'r3' }));
    expect(await errorFor(reza, 'r3')).toBe('MESSAGE_INVALID');
    expect(await queue.ticket(first.conversationId)).toMatchObject({ status: 'waiting' });
  });

  it('keeps internal notes from the customer (live and replayed) and tags on the closed ticket', async () => {
    const visitor = new TestVisitor();
    const { customer, conversationId } = await customerInLine(visitor);
    const sara = await signIn('sara');
    sara.send({ type: 'take', conversationId, ref: 't' });
    await sara.waitFor((f) => f.type === 'chat' && f.chat.conversationId === conversationId);

    const secret = 'NOTE-ONLY-FOR-AGENTS: refund order 4471 approved';
    sara.send({ type: 'note', conversationId, text: secret, ref: 'n1' });
    const note = (await sara.waitFor((f) => f.type === 'note')) as Frame<'note'>;
    expect(note.note).toMatchObject({ agentId: 'sara', agentName: 'سارا', text: secret });
    // Someone who does not hold the chat cannot add one.
    const reza = await signIn('reza');
    reza.send({ type: 'note', conversationId, text: 'x', ref: 'rn' });
    expect(await errorFor(reza, 'rn')).toBe('NOT_CHAT_HOLDER');

    sara.send({ type: 'tags', conversationId, tags: ['refund', ' late  delivery ', 'refund'], ref: 'g1' });
    const tags = (await sara.waitFor((f) => f.type === 'tags')) as Frame<'tags'>;
    expect(tags.tags).toEqual(['refund', 'late delivery']);

    // A reply after the note: once the customer has it, the note would have come before it.
    sara.send({ type: 'say', conversationId, text: 'پیگیری می‌کنم', ref: 'say-1' });
    await customer.waitFor((f) => f.type === 'entry' && f.entry.text === 'پیگیری می‌کنم');
    expect(JSON.stringify(customer.frames)).not.toContain('NOTE-ONLY-FOR-AGENTS');
    // Replayed from the start: the note is not in the customer's transcript.
    const again = await WidgetTestClient.connect(server.url, { lang: 'fa', visitor });
    open.push(again);
    again.send({ type: 'hello' });
    await again.welcome();
    await again.waitFor((f) => f.type === 'entry' && f.entry.text === 'پیگیری می‌کنم');
    expect(JSON.stringify(again.frames)).not.toContain('NOTE-ONLY-FOR-AGENTS');
    const stored = await server.hamdel.human.service.chat(conversationId);
    expect(JSON.stringify(stored?.transcript)).not.toContain('NOTE-ONLY-FOR-AGENTS');
    expect(stored?.notes.map((n) => n.text)).toEqual([secret]);

    // A console opened later gets the note and the tags with the chat.
    const later = await signIn('sara');
    const chats = (await later.waitFor((f) => f.type === 'chats')) as Frame<'chats'>;
    expect(chats.chats[0]).toMatchObject({ tags: ['refund', 'late delivery'] });
    expect(chats.chats[0]?.notes.map((n) => n.text)).toEqual([secret]);

    sara.send({ type: 'resolve', conversationId, ref: 'done' });
    await sara.waitFor((f) => f.type === 'chat-closed');
    const [closed] = await server.hamdel.human.queue.closedOf(conversationId);
    expect(closed?.tags).toEqual(['refund', 'late delivery']);
    expect(JSON.stringify(customer.frames)).not.toContain('NOTE-ONLY-FOR-AGENTS');
  });

  it("shows the customer's earlier conversation, searches transcripts, and lists colleagues", async () => {
    // An earlier chat of another customer, resolved, then this customer's own.
    const earlier = await customerInLine();
    const reza = await signIn('reza');
    reza.send({ type: 'take', conversationId: earlier.conversationId, ref: 'e' });
    await reza.waitFor((f) => f.type === 'chat');
    reza.send({ type: 'say', conversationId: earlier.conversationId, text: 'کد پیگیری ZX-9', ref: 'r' });
    await earlier.customer.waitFor((f) => f.type === 'entry' && f.entry.text === 'کد پیگیری ZX-9');
    reza.send({ type: 'resolve', conversationId: earlier.conversationId, ref: 'rr' });
    await reza.waitFor((f) => f.type === 'chat-closed');

    const sara = await signIn('sara');
    const now = await customerInLine();
    sara.send({ type: 'take', conversationId: now.conversationId, ref: 't' });
    await sara.waitFor((f) => f.type === 'chat');

    sara.send({ type: 'customer', conversationId: now.conversationId, ref: 'c' });
    const profile = (await sara.waitFor((f) => f.type === 'customer')) as Frame<'customer'>;
    expect(profile.conversations.find((c) => c.current)?.conversationId).toBe(now.conversationId);

    // Another customer's lines are not in this customer's history...
    sara.send({ type: 'search', conversationId: now.conversationId, query: 'zx-9', ref: 's' });
    const own = (await sara.waitFor((f) => f.type === 'search-results')) as Frame<'search-results'>;
    expect(own).toMatchObject({ scope: 'customer', hits: [] });
    // ...but in the closed chats of Sara's team, with the word marked.
    sara.send({
      type: 'search',
      conversationId: now.conversationId,
      query: 'zx-9',
      scope: 'closed',
      ref: 's2',
    });
    const found = (await sara.waitFor(
      (f) => f.type === 'search-results' && f.scope === 'closed',
    )) as Frame<'search-results'>;
    expect(found.hits[0]).toMatchObject({
      conversationId: earlier.conversationId,
      own: false,
      text: 'کد پیگیری ZX-9',
      marks: [[10, 12]],
    });

    sara.send({ type: 'past', conversationId: now.conversationId, pastId: earlier.conversationId, ref: 'p' });
    const past = (await sara.waitFor((f) => f.type === 'past')) as Frame<'past'>;
    expect(past.transcript.map((e) => e.text)).toContain('کد پیگیری ZX-9');
    // Not a chat Reza holds: he may not read around it.
    reza.send({ type: 'customer', conversationId: now.conversationId, ref: 'rc' });
    expect(await errorFor(reza, 'rc')).toBe('NOT_CHAT_HOLDER');
    sara.send({ type: 'past', conversationId: now.conversationId, pastId: 'made-up', ref: 'p2' });
    expect(await errorFor(sara, 'p2')).toBe('CONVERSATION_NOT_FOUND');

    sara.send({ type: 'colleagues', conversationId: now.conversationId, ref: 'k' });
    const colleagues = (await sara.waitFor((f) => f.type === 'colleagues')) as Frame<'colleagues'>;
    expect(colleagues.agents.map((a) => [a.id, a.canTake])).toEqual([
      ['reza', true],
      ['john', false],
    ]);
    // Transfer to someone not online is refused.
    sara.send({ type: 'transfer', conversationId: now.conversationId, toAgentId: 'john', ref: 'x' });
    expect(await errorFor(sara, 'x')).toBe('TRANSFER_REFUSED');
  });
});
