/**
 * The widget's WebSocket to the chat server: says hello with who the visitor is and the last entry shown
 * (so the server replays only what was missed), waits for `welcome`, and stops for good when the server
 * refuses the page (1008). Refused credentials (4403, 4422) are retried once the chat has changed them.
 */
import type { ClientFrame, ServerFrame } from '../../src/adapters/web/protocol.ts';
import { ReconnectingSocket, type SocketStatus } from '../shared/reconnecting-socket.ts';
import type { HelloIdentity } from './identity.ts';

const POLICY_VIOLATION = 1008;

export type ConnectionStatus = SocketStatus;

export interface ConnectionOptions {
  /** The socket's address, asked again before every attempt (the conversation id may have changed). */
  readonly url: () => string;
  /** The id of the newest entry shown in this page, or none to get the whole transcript. */
  readonly lastSeenId: () => string | undefined;
  /** Who the visitor is, asked before every hello. */
  readonly identity: () => HelloIdentity;
  readonly onFrame: (frame: ServerFrame) => void;
  readonly onStatus: (status: ConnectionStatus) => void;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** How long to wait for `welcome` after the socket opens before trying again, in ms. Default 10 000. */
  readonly welcomeTimeoutMs?: number;
  readonly random?: () => number;
}

export class Connection extends ReconnectingSocket<ServerFrame, ClientFrame> {
  constructor(options: ConnectionOptions) {
    super({
      url: options.url,
      onOpen: (send) => {
        const lastSeenId = options.lastSeenId();
        const hello: ClientFrame = {
          type: 'hello',
          ...(lastSeenId ? { lastSeenId } : {}),
          ...options.identity(),
        };
        send(hello);
      },
      greeting: 'welcome',
      onFrame: options.onFrame,
      onStatus: options.onStatus,
      finalCloseCodes: [POLICY_VIOLATION],
      ...(options.baseDelayMs !== undefined ? { baseDelayMs: options.baseDelayMs } : {}),
      ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}),
      ...(options.welcomeTimeoutMs !== undefined ? { greetingTimeoutMs: options.welcomeTimeoutMs } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
  }
}
