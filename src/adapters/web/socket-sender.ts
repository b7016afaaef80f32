import type { WebSocket } from 'ws';
import { CLOSE_CODES } from './protocol.ts';

export interface SocketSenderOptions {
  /** The connection is closed when more than this many bytes wait to be sent to the client. */
  readonly maxBufferedBytes: number;
  /** How long a slow reader's connection may take to close before it is destroyed (default 1 s). */
  readonly graceMs?: number;
  /** Told once, when the connection is closed because the client does not read. */
  readonly onSlowReader?: (bufferedBytes: number) => void;
  /** Told the bytes waiting after each send (for a high-water mark). */
  readonly onBuffered?: (bufferedBytes: number) => void;
  /**
   * The connection's TCP socket (Fastify's `request.socket` of the upgrade). With it, the frames sent in one
   * tick (a turn's entries arrive together) leave in one write to the kernel instead of one each.
   */
  readonly stream?: Corkable;
}

/** A stream whose writes can be held and then sent together (node's net.Socket). */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Sends JSON frames on a WebSocket with a bound on what may wait to be sent. A client that does not read
 * (a paused tab's socket, a stalled network, a flood tool) would otherwise make the server keep every
 * frame in memory: once more than `maxBufferedBytes` wait (ws's own queue plus the TCP socket's), the
 * connection is closed with 4008 and, if that does not finish within the grace period, destroyed. At most
 * one frame more than the limit is ever held. Callers ignore what the client sends once `open` is false.
 */
export class SocketSender {
  private slow = false;
  private corked = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly o: SocketSenderOptions,
  ) {}

  /** Whether frames can still be sent. */
  get open(): boolean {
    return !this.slow && this.socket.readyState === this.socket.OPEN;
  }

  /** Sends a frame; false when the connection is closed or closing. */
  send(frame: unknown): boolean {
    if (!this.open) return false;
    this.holdUntilNextTick();
    this.socket.send(JSON.stringify(frame));
    let buffered = this.socket.bufferedAmount;
    if (buffered > this.o.maxBufferedBytes && this.corked) {
      // Held frames count as waiting: let the kernel take what it can before judging the reader.
      this.release();
      buffered = this.socket.bufferedAmount;
    }
    this.o.onBuffered?.(buffered);
    if (buffered > this.o.maxBufferedBytes) this.closeSlowReader(buffered);
    return true;
  }

  private holdUntilNextTick(): void {
    if (this.corked || !this.o.stream) return;
    this.o.stream.cork();
    this.corked = true;
    process.nextTick(() => this.release());
  }

  private release(): void {
    if (!this.corked) return;
    this.corked = false;
    this.o.stream?.uncork();
  }

  private closeSlowReader(buffered: number): void {
    this.slow = true;
    this.o.onSlowReader?.(buffered);
    this.socket.close(CLOSE_CODES.SLOW_READER, 'send buffer full: the client does not read');
    // The close frame waits behind everything unread; do not keep it all for ws's 30 s close timeout.
    const timer = setTimeout(() => this.socket.terminate(), this.o.graceMs ?? 1_000);
    this.socket.once('close', () => clearTimeout(timer));
  }
}
