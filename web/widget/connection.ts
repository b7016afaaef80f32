/**
 * The WebSocket to the chat server: says hello (with the last entry shown, so the server replays only what
 * was missed), hands every server frame on, and reconnects after a drop with exponential backoff and jitter.
 */
import type { ClientFrame, ServerFrame } from '../../src/adapters/web/protocol.ts';

const POLICY_VIOLATION = 1008;

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'stopped';

export interface ConnectionOptions {
  /** The socket's address, asked again before every attempt (the conversation id may have changed). */
  readonly url: () => string;
  /** The id of the newest entry shown in this page, or none to get the whole transcript. */
  readonly lastSeenId: () => string | undefined;
  readonly onFrame: (frame: ServerFrame) => void;
  readonly onStatus: (status: ConnectionStatus) => void;
  /** First retry delay in ms; doubles on each failure. Default 500. */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts in ms. Default 10 000. */
  readonly maxDelayMs?: number;
  /** How long to wait for `welcome` after the socket opens before trying again, in ms. Default 10 000. */
  readonly welcomeTimeoutMs?: number;
  readonly random?: () => number;
}

/** Delay before retry number `attempt` (0-based): exponential, capped, with "equal jitter" (half fixed, half random). */
export function backoffDelay(
  attempt: number,
  base = 500,
  max = 10_000,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export class Connection {
  private readonly options: ConnectionOptions;
  private socket: WebSocket | undefined;
  private welcomed = false;
  private stopped = true;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private welcomeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ConnectionOptions) {
    this.options = options;
  }

  /** True once the server has said `welcome` on the current socket: `say` frames can go out. */
  get ready(): boolean {
    return this.welcomed && this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    window.addEventListener('online', this.retrySoon);
    document.addEventListener('visibilitychange', this.retrySoon);
    this.open('connecting');
  }

  /** Close for good (for example the server refused this page). */
  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.retrySoon);
    document.removeEventListener('visibilitychange', this.retrySoon);
    this.clearTimers();
    const socket = this.socket;
    this.socket = undefined;
    this.welcomed = false;
    socket?.close(1000);
    this.options.onStatus('stopped');
  }

  /** Send a frame if the server has welcomed us; returns false if it could not go out now. */
  send(frame: ClientFrame): boolean {
    if (!this.ready || !this.socket) return false;
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  private open(status: 'connecting' | 'reconnecting'): void {
    this.clearTimers();
    this.welcomed = false;
    this.options.onStatus(status);
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const lastSeenId = this.options.lastSeenId();
      socket.send(JSON.stringify(lastSeenId ? { type: 'hello', lastSeenId } : { type: 'hello' }));
      this.welcomeTimer = setTimeout(
        () => socket.close(4001, 'no welcome'),
        this.options.welcomeTimeoutMs ?? 10_000,
      );
    };
    socket.onmessage = (event: MessageEvent) => {
      if (socket !== this.socket) return;
      const frame = parseFrame(event.data);
      if (!frame) return;
      if (frame.type === 'welcome') {
        clearTimeout(this.welcomeTimer);
        this.welcomed = true;
        this.attempt = 0;
        this.options.onStatus('online');
      }
      this.options.onFrame(frame);
    };
    socket.onclose = (event: CloseEvent) => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      this.welcomed = false;
      // 1008 "policy violation": the server refuses this page or visitor; retrying cannot help.
      if (event.code === POLICY_VIOLATION) this.stop();
      else if (!this.stopped) this.scheduleRetry();
    };
    // An error is always followed by close; nothing to do here.
    socket.onerror = () => undefined;
  }

  private scheduleRetry(): void {
    this.clearTimers();
    this.options.onStatus('reconnecting');
    const delay = backoffDelay(
      this.attempt,
      this.options.baseDelayMs,
      this.options.maxDelayMs,
      this.options.random,
    );
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.open('reconnecting'), delay);
  }

  /** Back online or back on the tab: no need to sit out the rest of a long backoff. */
  private readonly retrySoon = (): void => {
    if (this.stopped || this.socket || document.visibilityState === 'hidden') return;
    if (this.retryTimer !== undefined) this.open('reconnecting');
  };

  private clearTimers(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.welcomeTimer);
    this.retryTimer = undefined;
    this.welcomeTimer = undefined;
  }
}

function parseFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { type?: unknown }).type === 'string'
    ) {
      return value as ServerFrame;
    }
  } catch {
    // Not JSON: ignore.
  }
  return undefined;
}
