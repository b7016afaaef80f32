/**
 * The console's WebSocket to /agent/ws: hands every server frame on, reconnects after a drop with exponential
 * backoff and jitter (the widget's `backoffDelay`), and sends the agent to the login page when the server
 * closes with 4401 (no session, or the session ended).
 */
import type { ConsoleClientFrame, ConsoleServerFrame } from '../../../src/handoff/console-protocol.ts';
import { backoffDelay } from '../../widget/connection.ts';
import type { ConnectionState } from './changes.ts';

/** The server's close code for "not signed in". */
export const UNAUTHENTICATED = 4401;

export interface ConsoleConnectionOptions {
  readonly url: string;
  readonly onFrame: (frame: ConsoleServerFrame) => void;
  readonly onState: (state: ConnectionState) => void;
  /** The session is gone: default goes to /agent/login. */
  readonly onUnauthenticated?: () => void;
  /** First retry delay in ms; doubles on each failure. Default 500. */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts in ms. Default 15 000. */
  readonly maxDelayMs?: number;
  /** Close and retry if the server has not said `hello` this long after the socket opened. Default 10 000. */
  readonly helloTimeoutMs?: number;
}

/** ws(s)://<this host>/agent/ws */
export function consoleSocketUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/agent/ws`;
}

export class ConsoleConnection {
  private readonly options: ConsoleConnectionOptions;
  private socket: WebSocket | undefined;
  private greeted = false;
  private stopped = true;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private helloTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ConsoleConnectionOptions) {
    this.options = options;
  }

  /** True once the server has said `hello` on the current socket. */
  get ready(): boolean {
    return this.greeted && this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.retrySoon);
    document.addEventListener('visibilitychange', this.retrySoon);
    this.open('connecting');
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.retrySoon);
    document.removeEventListener('visibilitychange', this.retrySoon);
    this.clearTimers();
    const socket = this.socket;
    this.socket = undefined;
    this.greeted = false;
    socket?.close(1000);
  }

  /** Sends a command; false if the console is not connected right now. */
  send(frame: ConsoleClientFrame): boolean {
    if (!this.ready || !this.socket) return false;
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  private open(state: ConnectionState): void {
    this.clearTimers();
    this.greeted = false;
    this.options.onState(state);
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.helloTimer = setTimeout(
        () => socket.close(4000, 'no hello'),
        this.options.helloTimeoutMs ?? 10_000,
      );
    };
    socket.onmessage = (event: MessageEvent) => {
      if (socket !== this.socket) return;
      const frame = parseFrame(event.data);
      if (!frame) return;
      if (frame.type === 'hello') {
        clearTimeout(this.helloTimer);
        this.greeted = true;
        this.attempt = 0;
        this.options.onState('online');
      }
      this.options.onFrame(frame);
    };
    socket.onclose = (event: CloseEvent) => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      this.greeted = false;
      if (event.code === UNAUTHENTICATED) {
        this.stop();
        (this.options.onUnauthenticated ?? goToLogin)();
      } else if (!this.stopped) this.scheduleRetry();
    };
    // An error is always followed by close.
    socket.onerror = () => undefined;
  }

  private scheduleRetry(): void {
    this.clearTimers();
    this.options.onState('reconnecting');
    const delay = backoffDelay(
      this.attempt,
      this.options.baseDelayMs ?? 500,
      this.options.maxDelayMs ?? 15_000,
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
    clearTimeout(this.helloTimer);
    this.retryTimer = undefined;
    this.helloTimer = undefined;
  }
}

function goToLogin(): void {
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  window.location.assign(`/agent/login?next=${next}`);
}

function parseFrame(data: unknown): ConsoleServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { type?: unknown }).type === 'string'
    ) {
      return value as ConsoleServerFrame;
    }
  } catch {
    // Not JSON: ignore.
  }
  return undefined;
}
