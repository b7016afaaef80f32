/** What the bench's coordinator and its load-generator process say to each other (Node IPC). */

export type Channel = 'http' | 'widget';

/** Open loop: arrivals at `rate` per second (Poisson) for `durationMs`, whatever the server does. */
export interface OpenLoad {
  readonly kind: 'open';
  readonly rate: number;
  readonly durationMs: number;
}

/** Closed loop: `concurrency` senders, each sending its next message once the last one is answered. */
export interface ClosedLoad {
  readonly kind: 'closed';
  readonly concurrency: number;
  readonly durationMs: number;
  /** Stop after this many turns even before `durationMs`. */
  readonly maxTurns?: number;
}

export type Load = OpenLoad | ClosedLoad;

export type GeneratorCommand =
  | {
      readonly type: 'prepare';
      readonly channel: Channel;
      /** Base URLs of the hamdel processes; conversation i goes to servers[i % length]. */
      readonly servers: readonly string[];
      readonly conversations: number;
      readonly token: string;
      readonly seed: number;
    }
  | { readonly type: 'run'; readonly load: Load; readonly seed: number }
  | { readonly type: 'close' };

/** How one turn ended, as the customer's side saw it. */
export type TurnOutcome =
  { readonly ok: true; readonly kinds: readonly string[] } | { readonly ok: false; readonly code: string };

export interface RunSamples {
  /** Turns sent (scheduled ones, in an open loop). */
  readonly sent: number;
  /** Latency of each answered turn in ms, from its scheduled send time to the reply. */
  readonly latenciesMs: number[];
  readonly errors: Record<string, number>;
  /** Reply kinds (HTTP: greeting, answer, clarify...; widget: bot or silent). */
  readonly kinds: Record<string, number>;
  /** From the first scheduled send to the last reply, in ms. */
  readonly elapsedMs: number;
  /** How late the generator sent each turn compared with its schedule: p99 and max, in ms. */
  readonly sendLagP99Ms: number;
  readonly sendLagMaxMs: number;
  /** The generator process's own CPU during the run, in ms. */
  readonly generatorCpuMs: number;
}

export type GeneratorReply =
  | { readonly type: 'prepared'; readonly setupMs: number }
  | { readonly type: 'result'; readonly samples: RunSamples }
  | { readonly type: 'failed'; readonly message: string };
