import { WebSocket } from 'ws';
import type { ClientFrame, ServerFrame, TranscriptEntryView } from '../../src/adapters/web/protocol.ts';

/** A widget-like WebSocket client for tests: records every frame and waits for the ones asked for. */
export class WidgetTestClient {
  readonly frames: ServerFrame[] = [];
  private waiters: { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];

  private closeCode: number | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('close', (code) => {
      this.closeCode = code;
    });
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
  }

  static async connect(baseUrl: string, customer: string, options: { lang?: string; origin?: string } = {}) {
    const url = `${baseUrl.replace(/^http/, 'ws')}/ws?customer=${customer}&lang=${options.lang ?? ''}`;
    const socket = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    const client = new WidgetTestClient(socket); // listening before the first frame can arrive
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return client;
  }

  send(frame: ClientFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Waits for a frame that matches (including ones already received after `fromIndex`). */
  waitFor(match: (f: ServerFrame) => boolean, timeoutMs = 5_000, fromIndex = 0): Promise<ServerFrame> {
    const seen = this.frames.slice(fromIndex).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  /** Sends a message and resolves once its turn is done (or it was refused), with the frames since. */
  async say(text: string, clientMessageId: string): Promise<ServerFrame[]> {
    const from = this.frames.length;
    this.send({ type: 'say', clientMessageId, text });
    const answer = await this.waitFor(
      (f) => (f.type === 'ack' || f.type === 'error') && f.clientMessageId === clientMessageId,
      10_000,
      from,
    );
    if (answer.type === 'error' || (answer.type === 'ack' && answer.duplicate))
      return this.frames.slice(from);
    await this.waitFor(
      (f) => f.type === 'entry' && f.entry.clientMessageId === clientMessageId,
      10_000,
      from,
    );
    const mine = this.frames.findIndex(
      (f, i) => i >= from && f.type === 'entry' && f.entry.clientMessageId === clientMessageId,
    );
    // The bot says it stopped typing when its turn is done; while a person has the chat (or the customer
    // waits for one) the bot is silent and sends no typing frames at all.
    const typing = this.frames.slice(from, mine).some((f) => f.type === 'typing' && f.on);
    if (typing) await this.waitFor((f) => f.type === 'typing' && !f.on, 10_000, mine);
    return this.frames.slice(from);
  }

  /** The bot's entries among frames. */
  static botTexts(frames: readonly ServerFrame[]): string[] {
    return frames.flatMap((f) => (f.type === 'entry' && f.entry.author.kind === 'bot' ? [f.entry.text] : []));
  }

  entries(): TranscriptEntryView[] {
    return this.frames.flatMap((f) => (f.type === 'entry' ? [f.entry] : []));
  }

  /** Resolves with the close code once the server closes the connection. */
  closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve(this.closeCode ?? 0);
    return new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
