import type { WebSocket } from 'ws';
import type { Clock } from '../../core/clock.ts';
import { isHamdelError, type ErrorCode } from '../../core/errors.ts';
import { isLanguage, type Language } from '../../core/language.ts';
import type { InboundMessage } from '../../core/message.ts';
import type { TranscriptEntry } from '../../conversations/conversation.ts';
import type { ConversationEvent, ConversationEvents } from '../../conversations/conversation-events.ts';
import type { ConversationStore } from '../../conversations/conversation-store.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import { compareEntryIds, toEntryView } from './entry-view.ts';
import type { ClientFrame, ServerFrame } from './protocol.ts';
import { RateLimiter } from './rate-limiter.ts';

export interface WebSessionOptions {
  readonly socket: WebSocket;
  readonly conversationId: string;
  readonly customerId: string;
  readonly pageLanguage: Language | undefined;
  readonly store: ConversationStore;
  readonly events: ConversationEvents;
  readonly turns: TurnQueue;
  readonly clock: Clock;
  readonly maxMessageChars: number;
  readonly ratePerMinute: number;
  /** How often the server pings; a connection that misses a pong by the next ping is closed (default 30 s). */
  readonly heartbeatMs?: number;
  readonly log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * One widget connection: replays what the customer missed, then streams the conversation live, and hands
 * the customer's messages to the turn queue (which handles each platform message id once).
 */
export class WebSession {
  /** The newest entry id this socket has been sent. */
  private lastSentId: string | undefined;
  private replaying = true;
  private readonly buffered: ConversationEvent[] = [];
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly limiter: RateLimiter;
  private closed = false;
  /** Frames are handled one after another, so a customer's messages are queued in the order sent. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly o: WebSessionOptions) {
    this.limiter = new RateLimiter(o.ratePerMinute, o.clock);
  }

  /** Subscribes to the conversation; frames from the client are handled from then on. */
  async start(): Promise<void> {
    const { socket } = this.o;
    let alive = true;
    socket.on('pong', () => {
      alive = true;
    });
    const heartbeat = setInterval(() => {
      if (!alive) {
        socket.terminate(); // half-dead (a sleeping laptop, a dropped network): free it
        return;
      }
      alive = false;
      socket.ping();
    }, this.o.heartbeatMs ?? 30_000);
    socket.on('close', () => {
      clearInterval(heartbeat);
      void this.stop();
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.sendError('MESSAGE_INVALID', 'Frames must be JSON text.');
      const text = data.toString();
      this.chain = this.chain
        .then(() => this.onFrame(text))
        .catch((error: unknown) => {
          this.o.log.error({ err: error, conversationId: this.o.conversationId }, 'widget frame failed');
        });
    });
    this.unsubscribe = await this.o.events.subscribe(this.o.conversationId, (event) => this.onEvent(event));
    if (this.closed) await this.stop();
  }

  async stop(): Promise<void> {
    this.closed = true;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.();
  }

  private async onFrame(text: string): Promise<void> {
    let frame: ClientFrame;
    try {
      frame = JSON.parse(text) as ClientFrame;
    } catch {
      return this.sendError('MESSAGE_INVALID', 'Frames must be JSON.');
    }
    switch (frame?.type) {
      case 'hello':
        return this.hello(typeof frame.lastSeenId === 'string' ? frame.lastSeenId : undefined);
      case 'say':
        return this.say(frame);
      case 'typing':
        await this.o.events.publish(this.o.conversationId, { type: 'typing', who: 'customer', on: true });
        return;
      default:
        return this.sendError('MESSAGE_INVALID', 'Unknown frame type.');
    }
  }

  private async hello(lastSeenId: string | undefined): Promise<void> {
    const conversation = await this.o.store.get(this.o.conversationId);
    const language = conversation?.language ?? this.o.pageLanguage;
    this.send({
      type: 'welcome',
      conversationId: this.o.conversationId,
      customerId: this.o.customerId,
      ...(language ? { language } : {}),
    });
    this.replaying = true;
    this.lastSentId = lastSeenId && /^\d+-\d+$/.test(lastSeenId) ? lastSeenId : undefined;
    const missed = await this.o.store.transcript(
      this.o.conversationId,
      this.lastSentId ? { after: this.lastSentId } : {},
    );
    for (const entry of missed) this.sendEntry(entry);
    this.replaying = false;
    for (const event of this.buffered.splice(0)) this.onEvent(event);
  }

  private async say(frame: Extract<ClientFrame, { type: 'say' }>): Promise<void> {
    const { clientMessageId, text } = frame;
    if (
      typeof clientMessageId !== 'string' ||
      !/^[\w-]{1,100}$/.test(clientMessageId) ||
      typeof text !== 'string'
    ) {
      return this.sendError('MESSAGE_INVALID', 'A message needs a clientMessageId and a text.');
    }
    if (text.trim().length === 0)
      return this.sendError('MESSAGE_INVALID', 'The message is empty.', clientMessageId);
    if ([...text].length > this.o.maxMessageChars) {
      return this.sendError(
        'MESSAGE_TOO_LARGE',
        `The message is longer than ${this.o.maxMessageChars} characters.`,
        clientMessageId,
      );
    }
    if (!this.limiter.take()) {
      return this.sendError('RATE_LIMITED', 'Too many messages; please wait a moment.', clientMessageId);
    }
    const message: InboundMessage = {
      direction: 'in',
      channel: 'web',
      conversationId: this.o.conversationId,
      customer: { id: this.o.customerId },
      text,
      sentAt: this.o.clock.now(),
      platformMessageId: clientMessageId,
      raw: frame,
      ...(this.o.pageLanguage ? { languagePreference: this.o.pageLanguage } : {}),
    };
    try {
      const ticket = await this.o.turns.enqueue(message);
      this.send({ type: 'ack', clientMessageId, ...(ticket.duplicate ? { duplicate: true } : {}) });
      await this.o.turns.outcome(ticket);
    } catch (error) {
      this.o.log.error({ err: error, conversationId: this.o.conversationId }, 'turn failed');
      const code = isHamdelError(error) ? error.code : 'TURN_TIMEOUT';
      this.sendError(
        code,
        'Your message could not be answered right now; please try again.',
        clientMessageId,
      );
    }
  }

  private onEvent(event: ConversationEvent): void {
    if (this.replaying) {
      this.buffered.push(event);
      return;
    }
    switch (event.type) {
      case 'entry':
        return this.sendEntry(event.entry);
      case 'typing':
        if (event.who !== 'customer') this.send({ type: 'typing', who: event.who, on: event.on });
        return;
      case 'language':
        return this.send({ type: 'language', language: event.language });
      case 'wait':
        return this.send({ type: 'wait', position: event.position, text: event.text });
      default:
        return;
    }
  }

  private sendEntry(entry: TranscriptEntry): void {
    if (this.lastSentId && compareEntryIds(entry.id, this.lastSentId) <= 0) return;
    this.lastSentId = entry.id;
    this.send({ type: 'entry', entry: toEntryView(entry) });
  }

  private sendError(code: ErrorCode, message: string, clientMessageId?: string): void {
    this.send({ type: 'error', code, message, ...(clientMessageId ? { clientMessageId } : {}) });
  }

  private send(frame: ServerFrame): void {
    if (this.o.socket.readyState === this.o.socket.OPEN) this.o.socket.send(JSON.stringify(frame));
  }
}

/** Reads the `lang` query parameter. */
export function parseLanguage(value: unknown): Language | undefined {
  return isLanguage(value) ? value : undefined;
}
