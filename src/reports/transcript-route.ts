import type { FastifyInstance } from 'fastify';
import { sendError } from '../core/http-errors.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { signedInAgent } from '../agents/request-agent.ts';
import { toEntryView } from '../adapters/web/entry-view.ts';
import type { Conversation, TranscriptEntry } from '../conversations/conversation.ts';
import type { ChatNote } from '../handoff/chat-notes.ts';
import type { ClosedTicket } from '../handoff/ticket.ts';

/** Where a conversation's parts are read (the store, the closed tickets, the agents' notes). */
export interface TranscriptRouteDeps {
  readonly requireAgent: RequireAgent;
  readonly conversation: (id: string) => Promise<Conversation | undefined>;
  readonly transcript: (id: string) => Promise<TranscriptEntry[]>;
  readonly closedTickets: (id: string) => Promise<ClosedTicket[]>;
  readonly notes: (id: string) => Promise<ChatNote[]>;
}

type Params = { Params: { conversationId: string } };

/**
 * GET /api/reports/conversations/:conversationId (supervisor or admin; 401 AUTH_REQUIRED, 403
 * FORBIDDEN_ROLE): one conversation read-only, as the dashboard opens it from a list behind a figure: its
 * channel, language and state, the whole transcript (without platforms' payloads), the agents' internal notes
 * and its closed tickets. 404 CONVERSATION_NOT_FOUND when it is not kept (or never was). Each read is logged
 * with who read it. Never cached.
 */
export async function registerTranscriptRoute(
  app: FastifyInstance,
  deps: TranscriptRouteDeps,
): Promise<void> {
  app.get<Params>(
    '/api/reports/conversations/:conversationId',
    { onRequest: deps.requireAgent('supervisor') },
    async (request, reply) => {
      const id = request.params.conversationId;
      const [conversation, transcript] =
        id.length <= 200 ? await Promise.all([deps.conversation(id), deps.transcript(id)]) : [undefined, []];
      if (!conversation && transcript.length === 0) {
        return sendError(reply, 'CONVERSATION_NOT_FOUND', `No conversation "${id.slice(0, 200)}" is kept.`);
      }
      const [tickets, notes] = await Promise.all([deps.closedTickets(id), deps.notes(id)]);
      request.log.info({ conversationId: id, by: signedInAgent(request).id }, 'transcript read from reports');
      reply.header('cache-control', 'no-store');
      return {
        conversationId: id,
        ...(conversation
          ? {
              channel: conversation.channel,
              state: conversation.state,
              ...(conversation.language ? { language: conversation.language } : {}),
            }
          : {}),
        transcript: transcript.map(toEntryView),
        notes,
        tickets: tickets
          .sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
          .map((t) => ({
            agentId: t.agentId,
            team: t.team,
            endedAt: t.endedAt,
            waitMs: t.waitMs,
            handleMs: t.handleMs,
            ...(t.rating !== undefined ? { rating: t.rating } : {}),
            ...(t.comment ? { comment: t.comment } : {}),
            ...(t.note ? { note: t.note } : {}),
            tags: t.tags ?? [],
          })),
      };
    },
  );
}
