import { WebSocket } from 'ws';
import { expect } from 'vitest';
import type { ConsoleClientFrame, ConsoleServerFrame } from '../../src/handoff/console-protocol.ts';
import { eventually } from './time.ts';

/** An agent console over WebSocket, as the page opens it: the session cookie from signing in. */
export class ConsoleClient {
  readonly frames: ConsoleServerFrame[] = [];
  /** Resolves with the close code when the socket closes. */
  readonly closed: Promise<number>;

  private constructor(
    readonly socket: WebSocket,
    /** `hamdel_session=<token>`, as the browser sends it. */
    readonly cookie: string,
  ) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as ConsoleServerFrame));
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  }

  /** Signs in over HTTP and returns the `hamdel_session=<token>` cookie. */
  static async cookieOf(baseUrl: string, agentId: string, password: string): Promise<string> {
    const response = await fetch(`${baseUrl}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: agentId, password }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('hamdel_session='));
    if (!cookie) throw new Error('no session cookie');
    return cookie.split(';')[0] ?? '';
  }

  static async signIn(baseUrl: string, agentId: string, password: string): Promise<ConsoleClient> {
    return ConsoleClient.connect(baseUrl, await ConsoleClient.cookieOf(baseUrl, agentId, password));
  }

  /** Opens the console's socket with a session cookie (and, like a browser, an `Origin` when given). */
  static async connect(baseUrl: string, cookie: string, origin?: string): Promise<ConsoleClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/agent/ws`, {
      headers: { cookie },
      ...(origin !== undefined ? { origin } : {}),
    });
    const client = new ConsoleClient(socket, cookie);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`HTTP ${response.statusCode}`)),
      );
    });
    await client.waitFor((f) => f.type === 'chats'); // the whole state has arrived
    return client;
  }

  /** Opens the console's socket with a cookie that should not get in; resolves with the close code. */
  static closeCodeFor(baseUrl: string, cookie: string): Promise<number> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/agent/ws`, { headers: { cookie } });
    return new Promise((resolve, reject) => {
      socket.once('close', (code) => resolve(code));
      socket.once('error', reject);
    });
  }

  send(frame: ConsoleClientFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first frame since `from` that matches, polling until the deadline. */
  async waitFor(match: (f: ConsoleServerFrame) => boolean, from = 0, timeoutMs = 10_000) {
    return eventually(() => this.frames.slice(from).find(match), 'a console frame', timeoutMs);
  }

  close(): void {
    this.socket.terminate();
  }
}
