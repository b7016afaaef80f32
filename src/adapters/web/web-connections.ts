/** Limits on the widget's connections to one process. */
export interface WebConnectionLimits {
  /** Open connections from one client address (0: no limit). */
  readonly perAddress: number;
  /** Open connections to this process (0: no limit). */
  readonly total: number;
}

/** What the widget's connections of this process have done since it started (for tests and metrics). */
export interface WebChannelStats {
  /** Connections open now. */
  readonly open: number;
  /** Connections refused by the limits. */
  readonly refused: number;
  /** `hello` frames received. */
  readonly hellos: number;
  /** Replays sent (a `welcome` and the entries after it). */
  readonly replays: number;
  /** `hello` frames folded into one already waiting. */
  readonly coalescedHellos: number;
  /** `hello` frames refused with RATE_LIMITED. */
  readonly refusedHellos: number;
  /** Frames refused because too many waited on their connection. */
  readonly refusedFrames: number;
  /** Connections closed because the client did not read. */
  readonly slowReaders: number;
  /** The most bytes that ever waited to be sent on one connection. */
  readonly peakBufferedBytes: number;
  /** Times a connection's setup or replay found Redis away and was tried again later. */
  readonly redisRetries: number;
}

type Counter = Exclude<keyof WebChannelStats, 'open' | 'peakBufferedBytes'>;

/** The widget's connections in this process: how many per client address, and what they did. */
export class WebConnections {
  private readonly byAddress = new Map<string, number>();
  private openCount = 0;
  private peakBuffered = 0;
  private readonly counters: Record<Counter, number> = {
    refused: 0,
    hellos: 0,
    replays: 0,
    coalescedHellos: 0,
    refusedHellos: 0,
    refusedFrames: 0,
    slowReaders: 0,
    redisRetries: 0,
  };

  constructor(private readonly limits: WebConnectionLimits) {}

  /** Takes a place for a new connection from `address`; false (counted as refused) when over a limit. */
  admit(address: string): boolean {
    const fromAddress = this.byAddress.get(address) ?? 0;
    const { perAddress, total } = this.limits;
    if ((perAddress > 0 && fromAddress >= perAddress) || (total > 0 && this.openCount >= total)) {
      this.counters.refused += 1;
      return false;
    }
    this.byAddress.set(address, fromAddress + 1);
    this.openCount += 1;
    return true;
  }

  /** Gives back the place of a connection from `address` that closed. */
  release(address: string): void {
    const fromAddress = this.byAddress.get(address) ?? 0;
    if (fromAddress <= 0) return;
    if (fromAddress === 1) this.byAddress.delete(address);
    else this.byAddress.set(address, fromAddress - 1);
    this.openCount -= 1;
  }

  count(counter: Counter): void {
    this.counters[counter] += 1;
  }

  buffered(bytes: number): void {
    if (bytes > this.peakBuffered) this.peakBuffered = bytes;
  }

  stats(): WebChannelStats {
    return { open: this.openCount, peakBufferedBytes: this.peakBuffered, ...this.counters };
  }
}
