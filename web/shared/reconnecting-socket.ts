/**
 * A WebSocket that keeps itself connected, for the widget and the agent console: it opens, optionally
 * says something first, waits for the server's greeting frame, hands every frame on, and after a drop
 * reconnects with exponential backoff and jitter (at once when the browser comes back online or the tab
 * becomes visible). Close codes that mean "retrying cannot help" stop it for good.
 */

export type SocketStatus = 'connecting' | 'online' | 'reconnecting' | 'stopped';

export interface ReconnectingSocketOptions<In extends { readonly type: string }> {
  /** The address, asked again before every attempt. */
  readonly url: () => string;
  /** Called when the socket opens, to send a first frame (the widget's `hello`). */
  readonly onOpen?: (send: (frame: unknown) => void) => void;
  /** The frame type by which the server accepts the connection; sending is possible from then on. */
  readonly greeting: In['type'];
  readonly onFrame: (frame: In) => void;
  readonly onStatus: (status: SocketStatus) => void;
  /** Close codes after which it stops (e.g. 1008 refused page, 4401 not signed in). */
  readonly finalCloseCodes?: readonly number[];
  readonly onFinalClose?: (code: number) => void;
  /** First retry delay in ms; doubles on each failure. Default 500. */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts in ms. Default 10 000. */
  readonly maxDelayMs?: number;
  /** Close and retry when the greeting has not come this long after opening, in ms. Default 10 000. */
  readonly greetingTimeoutMs?: number;
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

export class ReconnectingSocket<In extends { readonly type: string }, Out> {
  private socket: WebSocket | undefined;
  private greeted = false;
  private stopped = true;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private greetingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ReconnectingSocketOptions<In>) {}

  /** True once the server has greeted the current socket. */
  get ready(): boolean {
    return this.greeted && this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    window.addEventListener('online', this.retrySoon);
    document.addEventListener('visibilitychange', this.retrySoon);
    this.open('connecting');
  }

  /** Close for good. */
  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.retrySoon);
    document.removeEventListener('visibilitychange', this.retrySoon);
    this.clearTimers();
    const socket = this.socket;
    this.socket = undefined;
    this.greeted = false;
    socket?.close(1000);
    this.options.onStatus('stopped');
  }

  /** Drops the socket and connects again at once (who the client is has changed). */
  restart(): void {
    if (this.stopped) return;
    const socket = this.socket;
    this.socket = undefined; // its close event is not a drop to recover from
    socket?.close(1000);
    this.open('reconnecting');
  }

  /** Sends a frame once the server has greeted us; false if it could not go out now. */
  send(frame: Out): boolean {
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
    this.greeted = false;
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
      this.options.onOpen?.((frame) => socket.send(JSON.stringify(frame)));
      this.greetingTimer = setTimeout(
        () => socket.close(4000, 'no greeting'),
        this.options.greetingTimeoutMs ?? 10_000,
      );
    };
    socket.onmessage = (event: MessageEvent) => {
      if (socket !== this.socket) return;
      const frame = parseFrame<In>(event.data);
      if (!frame) return;
      if (frame.type === this.options.greeting) {
        clearTimeout(this.greetingTimer);
        this.greeted = true;
        this.attempt = 0;
        this.options.onStatus('online');
      }
      this.options.onFrame(frame);
    };
    socket.onclose = (event: CloseEvent) => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      this.greeted = false;
      if (this.options.finalCloseCodes?.includes(event.code)) {
        this.stop();
        this.options.onFinalClose?.(event.code);
      } else if (!this.stopped) this.scheduleRetry();
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
    clearTimeout(this.greetingTimer);
    this.retryTimer = undefined;
    this.greetingTimer = undefined;
  }
}

function parseFrame<In>(data: unknown): In | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { type?: unknown }).type === 'string'
    ) {
      return value as In;
    }
  } catch {
    // Not JSON: ignore.
  }
  return undefined;
}
