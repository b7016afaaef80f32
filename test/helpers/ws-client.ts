import { WebSocket } from 'ws';
import type {
  ClientFrame,
  ServerFrame,
  SignedUser,
  TranscriptEntryView,
  VisitorCredentials,
} from '../../src/adapters/web/protocol.ts';
import type { VisitorRegistry } from '../../src/adapters/web/visitor-registry.ts';
import { visitorConversationId } from '../../src/adapters/web/web-identity.ts';

type Welcome = Extract<ServerFrame, { type: 'welcome' }>;

/**
 * Who a test client is, like a browser's storage: an anonymous visitor whose credentials come from its
 * first `welcome` (or from the registry), or a signed site user. Pass the same one to connect again as
 * the same customer.
 */
export class TestVisitor {
  credentials: VisitorCredentials | undefined;
  conversationId: string | undefined;

  constructor(readonly user?: SignedUser) {}

  /** A visitor made in the server's registry, so its conversation id is known before it connects. */
  static async registered(visitors: VisitorRegistry): Promise<TestVisitor> {
    const made = await visitors.create();
    const visitor = new TestVisitor();
    visitor.credentials = made.credentials;
    visitor.conversationId = visitorConversationId(made.visitor.handle);
    return visitor;
  }
}

export interface ConnectOptions {
  /** Who connects (default: a new anonymous visitor). */
  readonly visitor?: TestVisitor;
  readonly lang?: string;
  readonly origin?: string;
}

/** A widget-like WebSocket client for tests: records every frame and waits for the ones asked for. */
export class WidgetTestClient {
  readonly frames: ServerFrame[] = [];
  private waiters: { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];

  private closeCode: number | undefined;

  private constructor(
    private readonly socket: WebSocket,
    readonly visitor: TestVisitor,
  ) {
    socket.on('close', (code) => {
      this.closeCode = code;
    });
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      this.frames.push(frame);
      if (frame.type === 'welcome') {
        if (frame.visitor) visitor.credentials = frame.visitor;
        visitor.conversationId = frame.conversationId;
      }
      if (frame.type === 'visitor') visitor.credentials = frame.visitor;
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
  }

  /** Opens a socket to the widget endpoint (no hello yet: `send({ type: 'hello' })` says who it is). */
  static async connect(baseUrl: string, options: ConnectOptions = {}) {
    return WidgetTestClient.connectUrl(
      `${baseUrl.replace(/^http/, 'ws')}/ws?lang=${options.lang ?? ''}`,
      options,
    );
  }

  /** Opens a socket to exactly this URL. */
  static async connectUrl(url: string, options: Omit<ConnectOptions, 'lang'> = {}) {
    const socket = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    // Listening before the first frame can arrive.
    const client = new WidgetTestClient(socket, options.visitor ?? new TestVisitor());
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return client;
  }

  /** Sends a frame; a `hello` that says nothing of who it is gets this client's visitor or user. */
  send(frame: ClientFrame): void {
    this.socket.send(JSON.stringify(frame.type === 'hello' ? this.withIdentity(frame) : frame));
  }

  /** Sends a frame exactly as given. */
  sendRaw(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The `welcome` of this connection (waits for it). */
  async welcome(timeoutMs = 5_000): Promise<Welcome> {
    return (await this.waitFor((f) => f.type === 'welcome', timeoutMs)) as Welcome;
  }

  private withIdentity(frame: Extract<ClientFrame, { type: 'hello' }>): ClientFrame {
    if (frame.visitor || frame.user) return frame;
    const { user, credentials } = this.visitor;
    if (user) return { ...frame, user };
    return credentials ? { ...frame, visitor: credentials } : frame;
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
