import { WebSocket } from 'ws';
import type { ConsoleClientFrame, ConsoleServerFrame } from '../../src/handoff/console-protocol.ts';

const WAIT_MS = 10_000;

/** Signs in over HTTP as the console page does; returns the `hamdel_session=<token>` cookie. */
export async function signIn(baseUrl: string, id: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, password }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('hamdel_session='));
  if (response.status !== 200 || !cookie) throw new Error(`${id} could not sign in (${response.status})`);
  return cookie.split(';')[0] ?? '';
}

/**
 * A simulated agent's console: the real agent console protocol over WebSocket. The server handles one
 * console's commands one after another, so a command that always gets an answer (`customer` for a chat
 * nobody holds: NOT_CHAT_HOLDER with its ref) sent after others comes back only once they are all done:
 * `sync` uses it, so that the simulation's clock never moves while an action is still under way.
 */
export class AgentDesk {
  readonly frames: ConsoleServerFrame[] = [];
  /** The chats this console holds. */
  readonly held = new Set<string>();
  private refs = 0;
  private waiters: { match: (f: ConsoleServerFrame) => boolean; resolve: () => void }[] = [];

  private constructor(
    readonly agentId: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ConsoleServerFrame;
      this.frames.push(frame);
      if (frame.type === 'chats') for (const chat of frame.chats) this.held.add(chat.conversationId);
      if (frame.type === 'chat') this.held.add(frame.chat.conversationId);
      if (frame.type === 'chat-closed') this.held.delete(frame.conversationId);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve();
        return false;
      });
    });
  }

  static async open(baseUrl: string, agentId: string, cookie: string): Promise<AgentDesk> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/agent/ws`, {
      headers: { cookie, origin: baseUrl },
    });
    const desk = new AgentDesk(agentId, socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await desk.until((f) => f.type === 'chats', 0, 'the whole state');
    return desk;
  }

  /** Online or away (a status frame answers). */
  async status(status: 'online' | 'away'): Promise<void> {
    const from = this.frames.length;
    this.send({ type: 'status', status });
    await this.until((f) => f.type === 'status' && f.status === status, from, `status ${status}`);
  }

  /** Take next: the conversation taken, or the refusal's code. */
  async takeNext(): Promise<{ taken: string } | { refused: string }> {
    const before = new Set(this.held);
    const from = this.frames.length;
    const ref = this.ref();
    this.send({ type: 'take-next', ref });
    await this.sync();
    const refusal = this.errorOf(ref, from);
    if (refusal) return { refused: refusal };
    const taken = this.frames
      .slice(from)
      .flatMap((f) => (f.type === 'chat' && !before.has(f.chat.conversationId) ? [f.chat] : []))[0];
    if (!taken) throw new Error(`${this.agentId}: take-next was neither refused nor answered with a chat`);
    return { taken: taken.conversationId };
  }

  /** The packet of a chat in hand, as the console showed it. */
  packetOf(conversationId: string) {
    for (let i = this.frames.length - 1; i >= 0; i -= 1) {
      const f = this.frames[i];
      if (f?.type === 'chat' && f.chat.conversationId === conversationId) return f.chat.packet;
      if (f?.type === 'chats') {
        const chat = f.chats.find((c) => c.conversationId === conversationId);
        if (chat) return chat.packet;
      }
    }
    return undefined;
  }

  /** A command on a chat; resolves with the refusal's code, if any, once the server has done it. */
  async act(frame: ConsoleClientFrame): Promise<string | undefined> {
    const from = this.frames.length;
    const ref = this.ref();
    this.send({ ...frame, ref } as ConsoleClientFrame);
    await this.sync();
    return this.errorOf(ref, from);
  }

  /** Resolves once every command sent before it has been handled. */
  async sync(): Promise<void> {
    const from = this.frames.length;
    const ref = this.ref();
    this.send({ type: 'customer', conversationId: 'sync-ping', ref });
    await this.until((f) => f.type === 'error' && f.ref === ref, from, 'the sync ping');
  }

  /** Waits for a frame (from index `from` on). */
  until(match: (f: ConsoleServerFrame) => boolean, from: number, what: string): Promise<void> {
    if (this.frames.slice(from).some(match)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.agentId}: timed out waiting for ${what}`)),
        WAIT_MS,
      );
      this.waiters.push({
        match,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  close(): void {
    this.socket.terminate();
  }

  private errorOf(ref: string, from: number): string | undefined {
    for (const f of this.frames.slice(from)) if (f.type === 'error' && f.ref === ref) return f.code;
    return undefined;
  }

  private ref(): string {
    this.refs += 1;
    return `${this.agentId}-${this.refs}`;
  }

  private send(frame: ConsoleClientFrame): void {
    this.socket.send(JSON.stringify(frame));
  }
}
