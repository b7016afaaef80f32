import type { Agent } from '../../agents/agent.ts';
import { toEntryView } from '../../adapters/web/entry-view.ts';
import type { HandoffQueue } from '../handoff-queue.ts';
import type { HandoffService } from '../handoff-service.ts';
import type { ChatView, QueueItemView } from '../console-protocol.ts';
import { canServe } from '../routing.ts';

/** The line as an agent's console lists it (every ticket, marked by whether this agent could take it). */
export async function queueView(queue: HandoffQueue, agent: Agent): Promise<QueueItemView[]> {
  const items: QueueItemView[] = [];
  for (const [index, conversationId] of (await queue.waitingIds()).entries()) {
    const ticket = await queue.ticket(conversationId);
    const packet = await queue.packet(conversationId);
    if (!ticket || !packet) continue;
    items.push({
      conversationId,
      language: packet.language,
      channel: packet.channel,
      ...(packet.customer.displayName ? { customerName: packet.customer.displayName } : {}),
      reasons: packet.reasons,
      ...(packet.anger ? { anger: packet.anger } : {}),
      summary: packet.summary,
      position: index + 1,
      priority: ticket.priority,
      enqueuedAt: ticket.enqueuedAt,
      canTake: canServe(agent, ticket.pool),
    });
  }
  return items;
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
  };
}
