import type { Agent } from '../../agents/agent.ts';
import { toEntryView } from '../../adapters/web/entry-view.ts';
import type { HandoffQueue } from '../handoff-queue.ts';
import type { HandoffService } from '../handoff-service.ts';
import type { ChatView, QueueItemView } from '../console-protocol.ts';
import { canServe, type Pool } from '../routing.ts';

type LineItem = Omit<QueueItemView, 'canTake'> & { readonly pool: Pool };

/**
 * The line as consoles list it, read from Redis once for all the consoles of this process: reads that
 * start within `freshMs` of the last one (or while it runs) share it, unless the line changed in between.
 */
export class LineReader {
  private last: { at: number; items: Promise<LineItem[]> } | undefined;

  constructor(
    private readonly queue: HandoffQueue,
    private readonly freshMs = 250,
  ) {}

  /** The line changed: the next read is a new one (a read that began before the change shows the old line). */
  changed(): void {
    this.last = undefined;
  }

  /** Every ticket in line, marked by whether this agent could take it. */
  async viewFor(agent: Agent): Promise<QueueItemView[]> {
    const items = await this.items();
    return items.map(({ pool, ...item }) => ({ ...item, canTake: canServe(agent, pool) }));
  }

  private items(): Promise<LineItem[]> {
    const now = Date.now();
    if (this.last && now - this.last.at < this.freshMs) return this.last.items;
    const items = this.read();
    this.last = { at: now, items };
    items.catch(() => {
      if (this.last?.items === items) this.last = undefined;
    });
    return items;
  }

  private async read(): Promise<LineItem[]> {
    const ids = await this.queue.waitingIds();
    // All reads at once: ioredis pipelines them into a few round trips.
    const read = await Promise.all(
      ids.map((id) => Promise.all([this.queue.ticket(id), this.queue.packet(id)] as const)),
    );
    const items: LineItem[] = [];
    for (const [index, conversationId] of ids.entries()) {
      const [ticket, packet] = read[index] ?? [];
      if (!ticket || !packet) continue;
      items.push({
        conversationId,
        pool: ticket.pool,
        language: packet.language,
        channel: packet.channel,
        ...(packet.customer.displayName ? { customerName: packet.customer.displayName } : {}),
        reasons: packet.reasons,
        ...(packet.anger ? { anger: packet.anger } : {}),
        summary: packet.summary,
        position: index + 1,
        priority: ticket.priority,
        enqueuedAt: ticket.enqueuedAt,
      });
    }
    return items;
  }
}

/** A chat in the agent's hands with its whole transcript. */
export async function chatView(
  queue: HandoffQueue,
  service: HandoffService,
  conversationId: string,
): Promise<ChatView | undefined> {
  const [ticket, chat] = await Promise.all([queue.ticket(conversationId), service.chat(conversationId)]);
  if (!ticket || !chat) return undefined;
  return {
    conversationId,
    packet: chat.packet,
    transcript: chat.transcript.map(toEntryView),
    assignedAt: ticket.assignedAt ?? ticket.enqueuedAt,
    notes: chat.notes,
    tags: ticket.tags ?? [],
  };
}
