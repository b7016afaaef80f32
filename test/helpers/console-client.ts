import { WebSocket } from 'ws';
import { expect } from 'vitest';
import type { ConsoleClientFrame, ConsoleServerFrame } from '../../src/handoff/console-protocol.ts';
import { eventually } from './time.ts';

/** An agent console over WebSocket, as the page opens it: the session cookie from signing in. */
export class ConsoleClient {
  readonly frames: ConsoleServerFrame[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as ConsoleServerFrame));
  }

  static async signIn(baseUrl: string, agentId: string, password: string): Promise<ConsoleClient> {
    const response = await fetch(`${baseUrl}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: agentId, password }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('hamdel_session='));
    if (!cookie) throw new Error('no session cookie');
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/agent/ws`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    const client = new ConsoleClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await client.waitFor((f) => f.type === 'chats'); // the whole state has arrived
    return client;
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
