import type { WebSocket } from 'ws';
import type { Clock } from '../../core/clock.ts';
import { isHamdelError, type ErrorCode, type HamdelError } from '../../core/errors.ts';
import { isLanguage, type Language } from '../../core/language.ts';
import type { InboundMessage } from '../../core/message.ts';
import { asRedisUnavailable, isRedisDown } from '../../core/redis-errors.ts';
import type { Conversation, TranscriptEntry } from '../../conversations/conversation.ts';
import type { ConversationEvent, ConversationEvents } from '../../conversations/conversation-events.ts';
import type { ConversationStore } from '../../conversations/conversation-store.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import { compareEntryIds, toEntryView } from './entry-view.ts';
import { NO_FRAME_LIMITS, type FrameKind, type FrameLimits } from './frame-limits.ts';
import { InboundQueue } from './inbound-queue.ts';
import { CLOSE_CODES, type ClientFrame, type ServerFrame } from './protocol.ts';
import { RateLimiter } from './rate-limiter.ts';
import { SocketSender, type Corkable } from './socket-sender.ts';
import type { WebConnections } from './web-connections.ts';
import type { HelloIdentity, WebIdentity } from './web-identity.ts';

/** What one widget connection may cost. */
export interface WebSessionLimits {
  /** At most this many entries per replay: the newest after the client's `lastSeenId`. */
  readonly replayLimit: number;
  /** `hello` frames one connection may send per minute (bursts up to a third of it, at least 2). */
  readonly hellosPerMinute: number;
  /** The connection is closed when more than this many bytes wait to be sent to the client. */
  readonly sendBufferBytes: number;
}

export interface WebSessionOptions {
  readonly socket: WebSocket;
  /** The WebSocket's TCP socket: the frames of one tick are written together (SocketSender's `stream`). */
  readonly stream?: Corkable;
  /**
   * Decides who the connection speaks for from its first `hello` (a signed user, a known visitor, or a new
   * one); throws IDENTITY_INVALID or VISITOR_SECRET_INVALID to refuse it.
   */
  readonly identify: (hello: HelloIdentity) => Promise<WebIdentity>;
  readonly pageLanguage: Language | undefined;
  /** The page's origin (the Origin header of the upgrade), for routing rules by site. */
  readonly site?: string;
  readonly store: ConversationStore;
  readonly events: ConversationEvents;
  readonly turns: TurnQueue;
  /**
   * A waiting customer's live line as it stands (HandoffService.shownWait), sent after each replay so
   * that a widget that reconnects or reloads shows it at once; none: only live `wait` events show it.
   */
  readonly waitOf?: (conversation: Conversation) => Promise<{ position: number; text: string } | undefined>;
  readonly clock: Clock;
  readonly maxMessageChars: number;
  readonly ratePerMinute: number;
  readonly limits: WebSessionLimits;
  /** Per-customer limits on every frame type, over all connections and processes (default none). */
  readonly frameLimits?: FrameLimits;
  /** The client's address: whom the frame limits count before the first `hello` says who it is. */
  readonly address?: string;
  /** Counts what the connection does (replays, refusals...), shared by the process's connections. */
  readonly connections?: WebConnections;
  /** How often the server pings; a connection that misses a pong by the next ping is closed (default 30 s). */
  readonly heartbeatMs?: number;
  /** First wait before setup is tried again while Redis is away; doubles up to 5 s (default 250 ms). */
  readonly retryMs?: number;
  readonly log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /**
   * The customer's home conversation when the visitor's own is linked to it (ConversationLinks.homeOf):
   * the session shows and follows the home, while its messages still say which address they came from.
   */
  readonly homeOf?: (conversationId: string) => Promise<string | undefined>;
}

/** Frames waiting on one connection before it stops reading, and the most that may wait at all. */
const PAUSE_AT = 8;
const MAX_WAITING = 64;
/** Events kept while a replay is read; past that they are dropped and the replay is read again. */
const MAX_BUFFERED_EVENTS = 256;
/** A customer's "typing" is passed on at most this often. */
const TYPING_INTERVAL_MS = 1_000;
const MAX_RETRY_MS = 5_000;

/**
 * One widget connection: replays what the customer missed, then streams the conversation live, and hands
 * the customer's messages to the turn queue (which handles each platform message id once).
 *
 * What a connection may cost is bounded whatever the client does: frames are handled one at a time and
 * reading stops while too many wait; a `hello` that arrives while another waits is folded into it, and
 * hellos past the per-minute allowance are refused; a replay sends at most `replayLimit` entries; and a
 * client that does not read is disconnected once its send buffer passes `sendBufferBytes`.
 *
 * While Redis is away the client is told REDIS_UNAVAILABLE once and its `hello` is tried again (sooner
 * when the events connection says it is back), so it gets `welcome` when Redis returns.
 */
export class WebSession {
  /** The newest entry id this socket has been sent. */
  private lastSentId: string | undefined;
  private replaying = true;
  private welcomed = false;
  private buffered: ConversationEvent[] = [];
  /** Events were dropped while a replay was read: read again once it is done. */
  private missedEvents = false;
  private unsubscribe: (() => Promise<void>) | undefined;
  private stopResumeListener: (() => void) | undefined;
  private readonly limiter: RateLimiter;
  private readonly helloLimiter: RateLimiter;
  private readonly out: SocketSender;
  private readonly inbox: InboundQueue;
  private closed = false;
  /** A hello is queued (not yet started); later ones update its `lastSeenId` instead of queueing more. */
  private helloQueued = false;
  private helloSeenId: string | undefined;
  /** The conversation shown and followed: the visitor's own, or the home it is linked to. */
  private home: string | undefined;
  /** The queued hello came from the client (not a retry): it counts against the customer's limit. */
  private helloToCount = false;
  private lastTypingAt = Number.NEGATIVE_INFINITY;
  /** Who the first `hello` said the client is, until it is decided; then who the connection speaks for. */
  private claimed: HelloIdentity | undefined;
  private identity: WebIdentity | undefined;
  /** Setup failed because Redis is away: when to try again, and whether the client was told. */
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAttempt = 0;
  private toldRedisDown = false;

  constructor(private readonly o: WebSessionOptions) {
    this.limiter = new RateLimiter(o.ratePerMinute, o.clock);
    this.helloLimiter = new RateLimiter(
      o.limits.hellosPerMinute,
      o.clock,
      Math.max(2, Math.ceil(o.limits.hellosPerMinute / 3)),
    );
    this.out = new SocketSender(o.socket, {
      maxBufferedBytes: o.limits.sendBufferBytes,
      ...(o.stream ? { stream: o.stream } : {}),
      onBuffered: (bytes) => o.connections?.buffered(bytes),
      onSlowReader: (bytes) => {
        o.connections?.count('slowReaders');
        o.log.warn(
          { conversationId: this.identity?.conversationId, bufferedBytes: bytes },
          'widget connection closed: the client does not read',
        );
      },
    });
    this.inbox = new InboundQueue({
      pauseAt: PAUSE_AT,
      maxWaiting: MAX_WAITING,
      pause: () => o.socket.pause(),
      resume: () => o.socket.resume(),
      onError: (error) =>
        o.log.error({ err: error, conversationId: this.identity?.conversationId }, 'widget frame failed'),
    });
  }

  /** Starts handling the client's frames; the conversation is subscribed to at the first `hello`. */
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
      this.receive(data.toString());
    });
    this.stopResumeListener = this.o.events.onResume?.(() => this.resumed());
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.inbox.stop();
    clearTimeout(this.retryTimer);
    this.stopResumeListener?.();
    this.stopResumeListener = undefined;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.().catch(() => undefined);
  }

  private receive(text: string): void {
    if (!this.out.open) return; // closing: nothing more is answered
    let frame: ClientFrame;
    try {
      frame = JSON.parse(text) as ClientFrame;
    } catch {
      return this.sendError('MESSAGE_INVALID', 'Frames must be JSON.');
    }
    switch (frame?.type) {
      case 'hello':
        // Who the client is counts at the first hello only; later ones just ask for a replay.
        this.claimed ??= { visitor: frame.visitor, user: frame.user };
        return this.helloReceived(typeof frame.lastSeenId === 'string' ? frame.lastSeenId : undefined);
      case 'rotate':
        if (!this.helloLimiter.take()) {
          this.o.connections?.count('refusedHellos');
          return this.sendError('RATE_LIMITED', 'Too many hello or rotate frames on this connection.');
        }
        if (!this.inbox.push(() => this.rotate())) {
          this.o.connections?.count('refusedFrames');
          this.sendError('RATE_LIMITED', 'Too many frames at once; please wait a moment.');
        }
        return;
      case 'say':
        if (!this.inbox.push(() => this.say(frame))) {
          this.o.connections?.count('refusedFrames');
          const id = typeof frame.clientMessageId === 'string' ? frame.clientMessageId : undefined;
          this.sendError('RATE_LIMITED', 'Too many messages at once; please wait a moment.', id);
        }
        return;
      case 'typing':
        if (this.o.clock.now() - this.lastTypingAt < TYPING_INTERVAL_MS) return;
        this.lastTypingAt = this.o.clock.now();
        this.inbox.push(async () => {
          if (await this.frameAllowed('typing')) await this.typing();
        });
        return;
      default:
        return this.sendError('MESSAGE_INVALID', 'Unknown frame type.');
    }
  }

  private helloReceived(lastSeenId: string | undefined): void {
    this.o.connections?.count('hellos');
    if (this.helloQueued) {
      this.helloSeenId = lastSeenId;
      this.o.connections?.count('coalescedHellos');
      return;
    }
    if (!this.helloLimiter.take()) {
      this.o.connections?.count('refusedHellos');
      return this.sendError('RATE_LIMITED', 'Too many hello frames on this connection.');
    }
    this.helloSeenId = lastSeenId;
    this.helloToCount = true;
    this.queueHello();
  }

  private queueHello(): void {
    if (this.helloQueued || this.closed) return;
    this.helloQueued = true;
    if (!this.inbox.push(() => this.hello())) {
      this.helloQueued = false;
      this.o.connections?.count('refusedFrames');
      this.sendError('RATE_LIMITED', 'Too many frames at once; please wait a moment.');
    }
  }

  /** Subscribes (once), then sends `welcome` and the newest entries after the client's last seen one. */
  private async hello(): Promise<void> {
    this.helloQueued = false;
    let identity: WebIdentity | undefined;
    try {
      identity = await this.identified();
    } catch (error) {
      if (!isRedisDown(error)) throw error;
      return this.redisAway();
    }
    if (!identity) return;
    // Counted for the customer, once known: their hellos on every connection and process share one allowance.
    if (this.helloToCount) {
      this.helloToCount = false;
      if (!(await this.frameAllowed('hello'))) return;
    }
    const lastSeenId = this.helloSeenId;
    this.replaying = true;
    try {
      this.home ??= (await this.o.homeOf?.(identity.conversationId)) ?? identity.conversationId;
      const home = this.home;
      if (!this.unsubscribe) {
        this.unsubscribe = await this.o.events.subscribe(home, (event) => this.onEvent(event));
        if (this.closed) return this.stop();
      }
      const after = lastSeenId && /^\d+-\d+$/.test(lastSeenId) ? lastSeenId : undefined;
      const [conversation, rows] = await Promise.all([
        this.o.store.get(home),
        this.o.store.transcript(home, {
          ...(after ? { after } : {}),
          last: this.o.limits.replayLimit + 1,
        }),
      ]);
      const olderHistory = rows.length > this.o.limits.replayLimit;
      const language = conversation?.language ?? this.o.pageLanguage;
      this.o.connections?.count('replays');
      this.send({
        type: 'welcome',
        conversationId: home,
        customerId: identity.customerId,
        ...(identity.issued ? { visitor: identity.issued } : {}),
        ...(language ? { language } : {}),
        ...(olderHistory ? { olderHistory: true } : {}),
      });
      this.lastSentId = after;
      for (const entry of olderHistory ? rows.slice(1) : rows) this.sendEntry(entry);
      const wait = conversation ? await this.o.waitOf?.(conversation) : undefined;
      // The line as it stands; a reconnecting widget's old line goes when the customer no longer waits.
      if (wait) this.send({ type: 'wait', position: wait.position, text: wait.text });
      else if (after && conversation && conversation.state !== 'waiting') this.send({ type: 'wait' });
      this.welcomed = true;
      this.redisBack();
      await this.liveAgain();
    } catch (error) {
      this.replaying = !this.welcomed; // nothing live goes out before `welcome`
      if (!isRedisDown(error)) throw error;
      this.redisAway();
    }
  }

  /**
   * Who the connection speaks for, decided at its first hello (Redis errors propagate, to be tried again).
   * A refusal is told with its code and closes the connection: undefined then.
   */
  private async identified(): Promise<WebIdentity | undefined> {
    if (this.identity) return this.identity;
    try {
      this.identity = await this.o.identify(this.claimed ?? {});
      return this.identity;
    } catch (error) {
      if (!isHamdelError(error, 'VISITOR_SECRET_INVALID') && !isHamdelError(error, 'IDENTITY_INVALID')) {
        throw error;
      }
      this.refuse(error);
      return undefined;
    }
  }

  /** Credentials or a signature were refused: say why (never echoing them), open nothing, close. */
  private refuse(error: HamdelError): void {
    const visitor = error.code === 'VISITOR_SECRET_INVALID';
    this.o.log.warn({ code: error.code, ...error.context }, 'widget connection refused: bad credentials');
    this.sendError(error.code, error.message);
    this.closed = true;
    this.inbox.stop(); // frames sent after the refused hello are dropped unanswered
    this.o.socket.close(
      visitor ? CLOSE_CODES.VISITOR_REFUSED : CLOSE_CODES.IDENTITY_REFUSED,
      visitor ? 'visitor credentials refused' : 'signed user refused',
    );
  }

  /** Gives an anonymous visitor a new secret and sends it; the old one stops working. */
  private async rotate(): Promise<void> {
    const rotate = this.identity?.rotate;
    if (!this.identity || !this.welcomed) {
      return this.sendError('HELLO_REQUIRED', 'Say hello (and be welcomed) before rotating the secret.');
    }
    if (!rotate) return this.sendError('MESSAGE_INVALID', 'A signed user has no visitor secret to rotate.');
    try {
      const visitor = await rotate();
      if (!visitor) {
        return this.sendError('VISITOR_SECRET_INVALID', 'This visitor is no longer known; reconnect.');
      }
      this.send({ type: 'visitor', visitor });
    } catch (error) {
      if (!isRedisDown(error)) throw error;
      this.sendError('REDIS_UNAVAILABLE', 'The chat is briefly unavailable; try again in a moment.');
    }
  }

  /** After a replay (or a catch-up): sends what arrived meanwhile, or reads again if some was dropped. */
  private async liveAgain(): Promise<void> {
    while (this.missedEvents && !this.closed) {
      this.missedEvents = false;
      this.buffered = [];
      await this.catchUp();
    }
    this.replaying = false;
    for (const event of this.buffered.splice(0)) this.onEvent(event);
  }

  /** Sends the entries after the last one sent (at most a replay's worth): some events may be lost. */
  private async catchUp(): Promise<void> {
    if (!this.identity) return;
    const entries = await this.o.store.transcript(this.home ?? this.identity.conversationId, {
      ...(this.lastSentId ? { after: this.lastSentId } : {}),
      last: this.o.limits.replayLimit,
    });
    for (const entry of entries) this.sendEntry(entry);
  }

  /** Events flow again after a Redis outage: read what was missed, or try a waiting setup now. */
  private resumed(): void {
    if (this.closed) return;
    if (!this.welcomed) {
      if (this.retryTimer === undefined) return;
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.queueHello();
      return;
    }
    this.inbox.push(async () => {
      this.replaying = true;
      try {
        await this.catchUp();
      } catch (error) {
        if (!isRedisDown(error)) throw error;
      } finally {
        await this.liveAgain();
      }
    });
  }

  /** Setup could not reach Redis: tell the client once, and try again later. */
  private redisAway(): void {
    this.o.connections?.count('redisRetries');
    if (!this.toldRedisDown) {
      this.toldRedisDown = true;
      this.sendError('REDIS_UNAVAILABLE', 'The chat is briefly unavailable; it will connect by itself.');
    }
    if (this.closed || this.retryTimer !== undefined) return;
    const delay = Math.min(MAX_RETRY_MS, (this.o.retryMs ?? 250) * 2 ** Math.min(this.retryAttempt, 10));
    this.retryAttempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.queueHello();
    }, delay);
  }

  private redisBack(): void {
    this.toldRedisDown = false;
    this.retryAttempt = 0;
  }

  private async typing(): Promise<void> {
    if (!this.identity || !this.welcomed) return; // nobody to tell yet
    await this.o.events
      .publish(this.home ?? this.identity.conversationId, { type: 'typing', who: 'customer', on: true })
      .catch((error: unknown) => {
        if (!isRedisDown(error)) throw error; // a lost typing notice does not matter
      });
  }

  private async say(frame: Extract<ClientFrame, { type: 'say' }>): Promise<void> {
    const { clientMessageId, text } = frame;
    const identity = this.identity;
    if (!identity || !this.welcomed) {
      const id = typeof clientMessageId === 'string' ? clientMessageId : undefined;
      return this.sendError('HELLO_REQUIRED', 'Say hello (and be welcomed) before sending messages.', id);
    }
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
    if (!(await this.frameAllowed('say', clientMessageId))) return;
    const message: InboundMessage = {
      direction: 'in',
      channel: 'web',
      conversationId: identity.conversationId,
      customer: { id: identity.customerId },
      text,
      sentAt: this.o.clock.now(),
      platformMessageId: clientMessageId,
      raw: frame,
      ...(this.o.pageLanguage ? { languagePreference: this.o.pageLanguage } : {}),
      ...(this.o.site ? { site: this.o.site } : {}),
    };
    try {
      // Queued in the order sent; the answer is awaited aside, so that other frames are not held up.
      const ticket = await this.o.turns.enqueue(message);
      this.send({ type: 'ack', clientMessageId, ...(ticket.duplicate ? { duplicate: true } : {}) });
      this.o.turns.outcome(ticket).catch((error: unknown) => this.turnFailed(error, clientMessageId));
    } catch (error) {
      this.turnFailed(error, clientMessageId);
    }
  }

  /**
   * The customer's limit for this kind of frame (shared by their connections and every process); a refusal
   * is told as RATE_LIMITED. When the counter cannot be reached (Redis away) the frame passes: what it
   * asks for then meets Redis' absence itself and says so.
   */
  private async frameAllowed(kind: FrameKind, clientMessageId?: string): Promise<boolean> {
    const limits = this.o.frameLimits ?? NO_FRAME_LIMITS;
    const verdict = await limits
      // Before the first hello nobody is known yet: such frames count for the client's address.
      .take(kind, this.identity?.customerId ?? `address:${this.o.address ?? 'unknown'}`)
      .catch(() => ({ allowed: true, retryAfterSeconds: 0 }));
    if (verdict.allowed) return true;
    this.o.connections?.count(kind === 'hello' ? 'refusedHellos' : 'refusedFrames');
    this.sendError(
      'RATE_LIMITED',
      `Too many ${kind === 'say' ? 'messages' : `${kind} frames`}; try again in ${verdict.retryAfterSeconds} s.`,
      clientMessageId,
    );
    return false;
  }

  private turnFailed(error: unknown, clientMessageId: string): void {
    const reported = asRedisUnavailable(error);
    const code = isHamdelError(reported) ? reported.code : 'TURN_TIMEOUT';
    if (code === 'REDIS_UNAVAILABLE') {
      this.o.log.warn(
        { conversationId: this.identity?.conversationId },
        'widget message refused: Redis is away',
      );
      return this.sendError(
        code,
        'The chat is briefly unavailable; please send your message again in a moment.',
        clientMessageId,
      );
    }
    this.o.log.error({ err: error, conversationId: this.identity?.conversationId }, 'turn failed');
    this.sendError(code, 'Your message could not be answered right now; please try again.', clientMessageId);
  }

  private onEvent(event: ConversationEvent): void {
    if (this.replaying) {
      if (this.buffered.length < MAX_BUFFERED_EVENTS) this.buffered.push(event);
      else this.missedEvents = true;
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
      case 'handoff':
        // Left the line, taken, resolved: the live line goes (a release or a new escalation tells it anew).
        if (event.change !== 'queued' && event.change !== 'released') this.send({ type: 'wait' });
        return;
      case 'unlinked':
        // This visitor's own chat was parted from the home it showed: back to its own.
        if (!this.identity || event.address !== this.identity.conversationId) return;
        return void this.moveTo(event.address).catch((error: unknown) =>
          this.o.log.error(
            { err: error, conversationId: event.address },
            'widget could not follow an unlink',
          ),
        );
      case 'moved':
        return void this.moveTo(event.to).catch((error: unknown) =>
          this.o.log.error({ err: error, conversationId: event.to }, 'widget could not follow a link'),
        );
      default:
        return;
    }
  }

  /** The visitor's conversation joined another one (a link code): follow that one, from its start. */
  private async moveTo(home: string): Promise<void> {
    if (home === this.home || this.closed) return;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    this.home = home;
    await unsubscribe?.();
    this.helloSeenId = undefined;
    this.queueHello();
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
    this.out.send(frame);
  }
}

/** Reads the `lang` query parameter. */
export function parseLanguage(value: unknown): Language | undefined {
  return isLanguage(value) ? value : undefined;
}
