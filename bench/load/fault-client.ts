import { WebSocket } from 'ws';
import type {
  ClientFrame,
  ServerFrame,
  TranscriptEntryView,
  VisitorCredentials,
} from '../../src/adapters/web/protocol.ts';

/** One customer message as its sender saw it. */
export interface SentMessage {
  readonly clientMessageId: string;
  readonly text: string;
  /** Order within the conversation (0, 1, 2...). */
  readonly seq: number;
  /** When the customer pressed send (ms since epoch). */
  readonly sentAt: number;
  /** The server said it has it (`ack`, or its customer entry arrived). */
  acked: boolean;
  /** When it was first acknowledged (ms since epoch). */
  ackedAt?: number;
  /** Error codes the server answered this message with. */
  readonly errors: string[];
}

/** Codes after which the widget drops the message (sending it unchanged again cannot help). */
const FINAL_CODES = new Set(['MESSAGE_TOO_LARGE', 'MESSAGE_INVALID']);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
/** A customer presses "retry" on a failed message after this long. */
const RETRY_AFTER_MS = 2_000;

/**
 * A customer's widget as web/widget behaves, without the page: an outbox of messages not yet acknowledged,
 * `hello` with the newest entry id seen, every outbox message sent again (same clientMessageId) after each
 * `welcome`, and reconnects with exponential backoff and jitter after a drop, trying the other server
 * first (a load balancer would send it to a live one). A message that failed is retried by the customer
 * after 2 s while it is still in the outbox, as the widget's retry button does.
 */
export class FaultWidgetClient {
  readonly messages: SentMessage[] = [];
  /** Every entry seen, by id. */
  readonly entries = new Map<string, TranscriptEntryView>();
  /** The conversation was put in line for a person (a `wait` frame, or the bot said so). */
  handedOver = false;
  reconnects = 0;
  private readonly outbox = new Map<string, SentMessage>();
  private socket: WebSocket | undefined;
  private greeted = false;
  private attempt = 0;
  private server: number;
  private stopped = false;
  private timers = new Set<NodeJS.Timeout>();
  private lastSeenId: string | undefined;
  /** What the server gave this visitor at the first `welcome` (kept like the widget's localStorage). */
  credentials: VisitorCredentials | undefined;

  constructor(
    /** A label (message ids and reports); the server names the visitor itself. */
    readonly visitorId: string,
    private readonly language: string,
    private readonly servers: readonly string[],
    home: number,
    /** Whether a bot entry puts the customer in line for a person (the bot is silent from then on). */
    private readonly isHandoff: (text: string) => boolean,
  ) {
    this.server = home;
  }

  /** Connects and resolves at the first `welcome`. */
  start(): Promise<void> {
    return new Promise((resolve) => {
      const check = setInterval(() => {
        if (!this.greeted) return;
        clearInterval(check);
        resolve();
      }, 20);
      this.open();
    });
  }

  /** The customer sends a message (now if connected, else after the next welcome). */
  say(clientMessageId: string, text: string): void {
    const message: SentMessage = {
      clientMessageId,
      text,
      seq: this.messages.length,
      sentAt: Date.now(),
      acked: false,
      errors: [],
    };
    this.messages.push(message);
    this.outbox.set(clientMessageId, message);
    this.sendSay(message);
  }

  /**
   * Nothing more to wait for: every message acknowledged and answered, or, once the bot has put the customer
   * in line (it is silent then), stored. An acknowledged message a dead holder's lock still keeps from its
   * turn is neither, so the bench waits for it instead of judging the conversation before it is handled.
   */
  settled(): boolean {
    return this.messages.every(
      (m) =>
        m.acked &&
        (this.handedOver ? this.storedLive(m.clientMessageId) : this.repliedLive(m.clientMessageId)),
    );
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.socket?.terminate();
  }

  private open(): void {
    if (this.stopped) return;
    this.greeted = false;
    const url = `${(this.servers[this.server] ?? '').replace(/^http/, 'ws')}/ws?lang=${this.language}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    const greeting = this.later(() => socket.terminate(), GREETING_TIMEOUT_MS);
    socket.on('open', () => socket.send(JSON.stringify(this.hello())));
    socket.on('error', () => undefined);
    socket.on('message', (data) => {
      if (socket !== this.socket) return;
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type === 'welcome') {
        if (frame.visitor) this.credentials = frame.visitor;
        clearTimeout(greeting);
        this.greeted = true;
        this.attempt = 0;
      }
      this.onFrame(frame);
    });
    socket.on('close', () => {
      clearTimeout(greeting);
      if (socket !== this.socket || this.stopped) return;
      this.socket = undefined;
      this.greeted = false;
      this.reconnects += 1;
      // Try the other process first: the one this socket was on has probably gone.
      this.server = (this.server + 1) % this.servers.length;
      const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(this.attempt, 20));
      this.attempt += 1;
      this.later(() => this.open(), ceiling / 2 + Math.random() * (ceiling / 2));
    });
  }

  private hello(): ClientFrame {
    return {
      type: 'hello',
      ...(this.lastSeenId ? { lastSeenId: this.lastSeenId } : {}),
      ...(this.credentials ? { visitor: this.credentials } : {}),
    };
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        // Everything not acknowledged goes again with its original id.
        for (const message of this.outbox.values()) this.sendSay(message);
        return;
      case 'ack':
        return this.acknowledge(frame.clientMessageId);
      case 'entry': {
        const { entry } = frame;
        this.entries.set(entry.id, entry);
        if (!this.lastSeenId || compareIds(entry.id, this.lastSeenId) > 0) this.lastSeenId = entry.id;
        if (entry.author.kind === 'customer' && entry.clientMessageId)
          this.acknowledge(entry.clientMessageId);
        if (entry.author.kind === 'bot' && this.isHandoff(entry.text.trim())) this.handedOver = true;
        return;
      }
      case 'wait':
        this.handedOver = true;
        return;
      case 'error': {
        const message = frame.clientMessageId ? this.outbox.get(frame.clientMessageId) : undefined;
        const known = this.messages.find((m) => m.clientMessageId === frame.clientMessageId);
        known?.errors.push(frame.code);
        if (!message) return;
        if (FINAL_CODES.has(frame.code)) this.outbox.delete(message.clientMessageId);
        else
          this.later(() => this.outbox.has(message.clientMessageId) && this.sendSay(message), RETRY_AFTER_MS);
        return;
      }
      default:
        return;
    }
  }

  private acknowledge(clientMessageId: string): void {
    const message = this.outbox.get(clientMessageId);
    if (!message) return;
    message.acked = true;
    message.ackedAt = Date.now();
    this.outbox.delete(clientMessageId);
  }

  private sendSay(message: SentMessage): void {
    if (!this.greeted || this.socket?.readyState !== WebSocket.OPEN) return;
    const frame: ClientFrame = { type: 'say', clientMessageId: message.clientMessageId, text: message.text };
    this.socket.send(JSON.stringify(frame));
  }

  private storedLive(clientMessageId: string): boolean {
    for (const entry of this.entries.values()) {
      if (entry.author.kind === 'customer' && entry.clientMessageId === clientMessageId) return true;
    }
    return false;
  }

  private repliedLive(clientMessageId: string): boolean {
    const ordered = [...this.entries.values()].sort((a, b) => compareIds(a.id, b.id));
    const at = ordered.findIndex(
      (e) => e.author.kind === 'customer' && e.clientMessageId === clientMessageId,
    );
    if (at < 0) return false;
    for (const entry of ordered.slice(at + 1)) {
      if (entry.author.kind === 'customer') return false;
      if (entry.author.kind === 'bot') return true;
    }
    return false;
  }

  private later(action: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
    return timer;
  }
}

/** Stream ids ("<ms>-<seq>") in order. */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/**
 * The conversation's whole transcript as the server has it: a fresh socket says hello without a last id,
 * then sends a frame the server does not know; the server handles frames in order, so its error comes
 * after the last replayed entry.
 */
export async function readTranscript(
  server: string,
  visitor: VisitorCredentials | undefined,
  timeoutMs = 10_000,
): Promise<TranscriptEntryView[]> {
  if (!visitor) return []; // never welcomed: the server has nothing of it
  const socket = new WebSocket(`${server.replace(/^http/, 'ws')}/ws`);
  const entries: TranscriptEntryView[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no transcript for ${visitor.id}`)), timeoutMs);
      socket.on('error', reject);
      socket.on('open', () => {
        socket.send(JSON.stringify({ type: 'hello', visitor } satisfies ClientFrame));
      });
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as ServerFrame;
        // The replay follows `welcome` at once; a frame the server refuses, sent after it, marks its end.
        if (frame.type === 'welcome') socket.send(JSON.stringify({ type: 'end-of-replay' }));
        if (frame.type === 'entry') entries.push(frame.entry);
        if (frame.type === 'error' && frame.code === 'MESSAGE_INVALID') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    socket.terminate();
  }
  return entries;
}
