import type { FastifyInstance } from 'fastify';
import { handleError, sendError } from '../core/http-errors.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { signedInAgent } from '../agents/request-agent.ts';
import { refuseCrossSite } from '../agents/same-origin.ts';
import type { AuditLog } from '../core/audit-log.ts';

/** A dead-lettered callback message as these routes see it (src/adapters/http/callback-outbox.ts). */
export interface DeadLetterView {
  readonly deliveryId: string;
  readonly conversationId: string;
  readonly url: string;
  readonly error: string;
}

/** The HTTP channel's delivery as these routes use it (src/adapters/http/callback-delivery.ts). */
export interface DeadLetters {
  dead(): Promise<readonly DeadLetterView[]>;
  replay(deliveryId: string): Promise<DeadLetterView | undefined>;
  discard(deliveryId: string): Promise<DeadLetterView | undefined>;
}

export interface HttpCallbackRoutesDeps {
  readonly delivery: DeadLetters;
  readonly audit: AuditLog;
  readonly requireAgent: RequireAgent;
  readonly trustedOrigins?: readonly string[];
}

/**
 * The HTTP channel's dead letters, for admins (same guards as the other admin routes; actions audited):
 * - GET /api/admin/http-callbacks/dead: `{dead: [{deliveryId, conversationId, sequence, url, attempts, error, failedAt}]}`
 * - POST /api/admin/http-callbacks/dead/:deliveryId/replay: sends it again, then the conversation's later messages
 * - POST /api/admin/http-callbacks/dead/:deliveryId/discard: drops it; the later messages are sent
 * Both answer `{replayed|discarded: <the letter>}`, or DEAD_LETTER_NOT_FOUND.
 */
export async function registerHttpCallbackRoutes(
  app: FastifyInstance,
  deps: HttpCallbackRoutesDeps,
): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler(handleError);
    refuseCrossSite(scope, deps.trustedOrigins);
    const admin = { onRequest: deps.requireAgent('admin') };

    scope.get('/api/admin/http-callbacks/dead', admin, async () => ({ dead: await deps.delivery.dead() }));

    for (const action of ['replay', 'discard'] as const) {
      scope.post<{ Params: { deliveryId: string } }>(
        `/api/admin/http-callbacks/dead/:deliveryId/${action}`,
        admin,
        async (request, reply) => {
          const { deliveryId } = request.params;
          const letter = await deps.delivery[action](deliveryId);
          if (!letter) {
            return sendError(
              reply,
              'DEAD_LETTER_NOT_FOUND',
              `No dead-lettered callback message has the delivery id "${deliveryId}"`,
            );
          }
          await deps.audit.record(
            signedInAgent(request).id,
            action === 'replay' ? 'http-callback-replayed' : 'http-callback-discarded',
            deliveryId,
            { conversationId: letter.conversationId, url: letter.url, error: letter.error },
          );
          return action === 'replay' ? { replayed: letter } : { discarded: letter };
        },
      );
    }
  });
}
