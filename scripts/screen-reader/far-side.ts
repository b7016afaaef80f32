/**
 * The people on the other side of the listened-to customer, as small WebSocket clients: an agent in the
 * console (take the next chat, say something, resolve) and another customer who asked for a person first
 * (so that the listened-to customer's place in line moves while they wait).
 */
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import type { Language } from '../../src/core/language.ts';
import type { ConsoleClientFrame, ConsoleServerFrame } from '../../src/handoff/console-protocol.ts';
import type { ClientFrame, ServerFrame } from '../../src/adapters/web/protocol.ts';

class Socket<In extends { type: string }, Out> {
  readonly frames: In[] = [];
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as In));
  }

  static open<In extends { type: string }, Out>(
    url: string,
    headers: Record<string, string>,
  ): Promise<Socket<In, Out>> {
    const socket = new WebSocket(url, { headers });
    const client = new Socket<In, Out>(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  send(frame: Out): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first frame from index `from` on that matches. */
  async waitFor(match: (frame: In) => boolean, from = 0, maxMs = 20_000): Promise<In> {
    const end = Date.now() + maxMs;
    while (Date.now() < end) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no such frame came');
  }

  close(): void {
    this.socket.close();
  }
}

export class Agent {
  private constructor(private readonly socket: Socket<ConsoleServerFrame, ConsoleClientFrame>) {}

  static async signIn(baseUrl: string, id: string, password: string): Promise<Agent> {
    const response = await fetch(`${baseUrl}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, password }),
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('hamdel_session='));
    if (!cookie) throw new Error(`signing in ${id} failed: HTTP ${response.status}`);
    const socket = await Socket.open<ConsoleServerFrame, ConsoleClientFrame>(
      `${baseUrl.replace(/^http/, 'ws')}/agent/ws`,
      { cookie: cookie.split(';')[0] ?? '', origin: baseUrl },
    );
    await socket.waitFor((f) => f.type === 'chats');
    socket.send({ type: 'status', status: 'online' });
    return new Agent(socket);
  }

  /** Waits until `count` customers are in line. */
  async waitForLine(count: number): Promise<void> {
    await this.socket.waitFor((f) => f.type === 'queue' && f.waiting.length >= count);
  }

  /** Takes the next customer in line; returns their conversation id. */
  async takeNext(): Promise<string> {
    const from = this.socket.frames.length;
    this.socket.send({ type: 'take-next' });
    const chat = await this.socket.waitFor((f) => f.type === 'chat', from);
    if (chat.type !== 'chat') throw new Error('no chat');
    return chat.chat.conversationId;
  }

  say(conversationId: string, text: string): void {
    this.socket.send({ type: 'say', conversationId, text, ref: randomUUID() });
  }

  resolve(conversationId: string): void {
    this.socket.send({ type: 'resolve', conversationId });
  }

  close(): void {
    this.socket.send({ type: 'status', status: 'away' });
    this.socket.close();
  }
}

/** Another customer of the widget: says things and stays connected until closed. */
export class Customer {
  private constructor(private readonly socket: Socket<ServerFrame, ClientFrame>) {}

  static async connect(baseUrl: string, language: Language): Promise<Customer> {
    const socket = await Socket.open<ServerFrame, ClientFrame>(
      `${baseUrl.replace(/^http/, 'ws')}/ws?lang=${language}`,
      { origin: baseUrl },
    );
    socket.send({ type: 'hello' });
    await socket.waitFor((f) => f.type === 'welcome');
    return new Customer(socket);
  }

  async say(text: string): Promise<void> {
    const clientMessageId = randomUUID();
    const from = this.socket.frames.length;
    this.socket.send({ type: 'say', clientMessageId, text });
    await this.socket.waitFor((f) => f.type === 'ack' && f.clientMessageId === clientMessageId, from);
  }

  close(): void {
    this.socket.close();
  }
}
