import { Counter, Gauge, type Registry } from 'prom-client';
import type { Clock } from '../core/clock.ts';
import type { AgentStatus } from '../agents/agent.ts';
import type { PoolLine } from '../handoff/line-by-pool.ts';
import type { SocketCounter } from './socket-counter.ts';
import { withTimeout } from './with-timeout.ts';

/** Where the figures read at scrape time come from; each is optional (a part that is off has none). */
export interface LiveSources {
  /** The human queue per pool (src/handoff/line-by-pool.ts). */
  line?: () => Promise<readonly PoolLine[]>;
  /** Every agent's presence (RedisPresence.list). */
  agents?: () => Promise<readonly { readonly status: AgentStatus }[]>;
  /** Open WebSockets by kind. */
  sockets?: SocketCounter;
}

const STATUSES: readonly AgentStatus[] = ['online', 'away', 'offline'];

/**
 * The gauges that are read when Prometheus scrapes (prom-client `collect`), not kept up to date: the line per
 * pool, agents by presence, open sockets. A read that fails or takes longer than `timeoutMs` (Redis away)
 * leaves its gauge empty for that scrape and counts a read error, so /metrics still answers.
 */
export class LiveGauges {
  readonly sources: LiveSources = {};

  constructor(registry: Registry, clock: Clock, timeoutMs: number) {
    const readErrors = new Counter({
      name: 'hamdel_metrics_read_errors_total',
      help: 'Scrape-time reads (queue, agents) that failed or timed out, by source.',
      labelNames: ['source'],
      registers: [registry],
    });
    readErrors.inc({ source: 'line' }, 0);
    readErrors.inc({ source: 'agents' }, 0);
    const sources = this.sources;
    const read = async <T>(source: 'line' | 'agents', get: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await withTimeout(get(), timeoutMs, `reading ${source} for /metrics`);
      } catch {
        readErrors.inc({ source });
        return undefined;
      }
    };

    // The line's two gauges share one read: prom-client starts every metric's collect in one synchronous
    // pass, so a read started in that pass is reused by the other gauge and forgotten right after it.
    let lineRead: Promise<readonly PoolLine[] | undefined> | undefined;
    const line = () => {
      const get = sources.line;
      if (!get) return Promise.resolve(undefined);
      if (!lineRead) {
        lineRead = read('line', get);
        queueMicrotask(() => (lineRead = undefined));
      }
      return lineRead;
    };
    new Gauge({
      name: 'hamdel_handoff_waiting',
      help: 'Conversations waiting for an agent, by pool (team, language, skills). The same in every process.',
      labelNames: ['pool'],
      registers: [registry],
      async collect() {
        const lines = await line();
        this.reset();
        for (const l of lines ?? []) this.set({ pool: l.pool }, l.waiting);
      },
    });
    new Gauge({
      name: 'hamdel_handoff_oldest_wait_seconds',
      help: 'How long the longest-waiting conversation of each pool has waited (0: nobody waits).',
      labelNames: ['pool'],
      registers: [registry],
      async collect() {
        const lines = await line();
        const now = clock.now();
        this.reset();
        for (const l of lines ?? []) {
          const waited = l.oldestEnqueuedAt === undefined ? 0 : (now - l.oldestEnqueuedAt) / 1000;
          this.set({ pool: l.pool }, Math.max(0, waited));
        }
      },
    });
    new Gauge({
      name: 'hamdel_agents',
      help: 'Agents by presence (online, away, offline). The same in every process.',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        const get = sources.agents;
        const agents = get ? await read('agents', get) : undefined;
        this.reset();
        if (!agents) return;
        for (const status of STATUSES) this.set({ status }, 0);
        for (const agent of agents) this.inc({ status: agent.status });
      },
    });
    new Gauge({
      name: 'hamdel_sockets_open',
      help: 'Open WebSocket connections of this process, by kind (widget, console).',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [kind, open] of sources.sockets?.counts() ?? []) this.set({ kind }, open);
      },
    });
  }
}
