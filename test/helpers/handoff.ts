import type { Language } from '../../src/core/language.ts';
import type { Agent } from '../../src/agents/agent.ts';
import type { EscalationReason, HandoffPacket } from '../../src/handoff/handoff-packet.ts';

/** A handoff packet for queue tests: a customer asking for a person, in the default team. */
export function packet(
  conversationId: string,
  language: Language,
  reasons: EscalationReason[] = ['customer-asked'],
  channel = 'web',
): HandoffPacket {
  return {
    conversationId,
    channel,
    customer: { id: `cust-${conversationId}` },
    language,
    reasons,
    failedAnswers: 0,
    articlesOffered: [],
    summary: 'wants a person',
    lastMessages: [],
    skills: [],
    team: 'default',
    requestedAt: 0,
  };
}

/** An agent of the default team with no skills. */
export function agent(id: string, languages: Language[], capacity = 2): Agent {
  return { id, name: id, role: 'agent', languages, skills: [], capacity, team: 'default' };
}
