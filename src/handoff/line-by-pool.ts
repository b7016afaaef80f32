import type { HandoffQueue } from './handoff-queue.ts';
import { poolName } from './routing.ts';

/** How the line stands in one pool. */
export interface PoolLine {
  /** The pool's name (`handoff.<team>.<language>[.<skills>]`). */
  readonly pool: string;
  /** Tickets waiting for an agent. */
  readonly waiting: number;
  /** When the longest-waiting ticket was put in line (none: nobody waits). */
  readonly oldestEnqueuedAt?: number;
}

/** The line per pool, every pool that has had a ticket included (with 0 waiting), sorted by name. */
export async function lineByPool(
  queue: Pick<HandoffQueue, 'pools' | 'waitingIds' | 'ticket'>,
): Promise<PoolLine[]> {
  const [pools, ids] = await Promise.all([queue.pools(), queue.waitingIds()]);
  const tickets = await Promise.all(ids.map((id) => queue.ticket(id)));
  const lines = new Map<string, { waiting: number; oldest?: number }>(pools.map((p) => [p, { waiting: 0 }]));
  for (const ticket of tickets) {
    if (!ticket || ticket.status !== 'waiting') continue;
    const name = poolName(ticket.pool);
    const line = lines.get(name) ?? { waiting: 0 };
    line.waiting += 1;
    if (line.oldest === undefined || ticket.enqueuedAt < line.oldest) line.oldest = ticket.enqueuedAt;
    lines.set(name, line);
  }
  return [...lines]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pool, line]) => ({
      pool,
      waiting: line.waiting,
      ...(line.oldest !== undefined ? { oldestEnqueuedAt: line.oldest } : {}),
    }));
}
