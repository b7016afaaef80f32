import type { FastifyInstance } from 'fastify';
import type { RequireAgent } from '../agents/require-agent.ts';
import { signedInAgent } from '../agents/request-agent.ts';
import { refuseCrossSite } from '../agents/same-origin.ts';
import { handleError, sendError } from '../core/http-errors.ts';
import type { ConversationLink } from '../conversations/conversation-links.ts';
import { mayActOn } from './chat-access.ts';
import type { Ticket } from './ticket.ts';

/** What these routes ask of channel linking (src/conversations/channel-linking.ts). */
export interface ChannelLinksOfChat {
  linksOf(home: string): Promise<readonly ConversationLink[]>;
  unlink(address: string, by: string): Promise<ConversationLink | undefined>;
}

export interface ChannelLinkRoutesDeps {
  readonly linking: ChannelLinksOfChat;
  /** The chat's ticket (HandoffQueue.ticket): who holds it. */
  readonly ticket: (conversationId: string) => Promise<Ticket | undefined>;
  readonly requireAgent: RequireAgent;
  /** Origins allowed besides the request's own host (as for the other console routes; default none). */
  readonly trustedOrigins?: readonly string[];
}

type ChatParams = { Params: { conversationId: string } };
type LinkParams = { Params: { conversationId: string; address: string } };

/**
 * The channels linked to a chat ("one customer across channels"), for the agent who holds it or an admin
 * (401 AUTH_REQUIRED, 403 FORBIDDEN_ROLE for an editor, 403 NOT_CHAT_HOLDER for anyone else; cross-site
 * requests 403 CROSS_ORIGIN):
 * - GET /api/agent/chats/:conversationId/links: `{links: [{address, channel, at}]}`
 * - DELETE /api/agent/chats/:conversationId/links/:address: parts that channel from the chat (its later
 *   messages start a conversation of their own), audited with the agent as the actor; `{ok, link}`, or
 *   404 LINK_NOT_FOUND when that address is not linked to this chat.
 */
export async function registerChannelLinkRoutes(
  app: FastifyInstance,
  deps: ChannelLinkRoutesDeps,
): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler(handleError);
    refuseCrossSite(scope, deps.trustedOrigins);
    const agent = { onRequest: deps.requireAgent('agent') };
    const holder = async (conversationId: string, request: Parameters<typeof signedInAgent>[0]) =>
      mayActOn(signedInAgent(request), await deps.ticket(conversationId));
    const notHolder =
      'Only the agent who holds this chat, or an admin, may see and part its linked channels.';

    scope.get<ChatParams>('/api/agent/chats/:conversationId/links', agent, async (request, reply) => {
      const { conversationId } = request.params;
      if (!(await holder(conversationId, request)))
        return sendError(reply, 'NOT_CHAT_HOLDER', notHolder, 403);
      const links = await deps.linking.linksOf(conversationId);
      return { links: links.map(({ address, channel, at }) => ({ address, channel, at })) };
    });

    scope.delete<LinkParams>(
      '/api/agent/chats/:conversationId/links/:address',
      agent,
      async (request, reply) => {
        const { conversationId, address } = request.params;
        if (!(await holder(conversationId, request)))
          return sendError(reply, 'NOT_CHAT_HOLDER', notHolder, 403);
        const linked = await deps.linking.linksOf(conversationId);
        if (!linked.some((l) => l.address === address))
          return sendError(reply, 'LINK_NOT_FOUND', 'This channel is not linked to this chat (any more).');
        const link = await deps.linking.unlink(address, signedInAgent(request).id);
        return { ok: true, link };
      },
    );
  });
}
