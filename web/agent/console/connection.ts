/**
 * The console's WebSocket to /agent/ws: waits for `hello`, hands every server frame on, reconnects after a
 * drop, and sends the agent to the login page when the server closes with 4401 (no session, or it ended)
 * or 4403 (their access was taken back: account removed, role or password changed).
 */
import {
  CONSOLE_CLOSE_CODES,
  type ConsoleClientFrame,
  type ConsoleServerFrame,
} from '../../../src/handoff/console-protocol.ts';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.ts';
import type { ConnectionState } from './changes.ts';

/** The server's close code for "not signed in". */
export const UNAUTHENTICATED = CONSOLE_CLOSE_CODES.UNAUTHENTICATED;

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

export class ConsoleConnection extends ReconnectingSocket<ConsoleServerFrame, ConsoleClientFrame> {
  constructor(options: ConsoleConnectionOptions) {
    super({
      url: () => options.url,
      greeting: 'hello',
      onFrame: options.onFrame,
      onStatus: (status) => {
        if (status !== 'stopped') options.onState(status);
      },
      finalCloseCodes: [UNAUTHENTICATED, CONSOLE_CLOSE_CODES.REVOKED],
      onFinalClose: () => (options.onUnauthenticated ?? goToLogin)(),
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 15_000,
      ...(options.helloTimeoutMs !== undefined ? { greetingTimeoutMs: options.helloTimeoutMs } : {}),
    });
  }
}

function goToLogin(): void {
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  window.location.assign(`/agent/login?next=${next}`);
}
