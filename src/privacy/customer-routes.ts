import type { FastifyInstance } from 'fastify';
import { sendError } from '../core/http-errors.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { signedInAgent } from '../agents/request-agent.ts';
import { checkSameOrigin } from '../agents/same-origin.ts';
import type { CustomerData } from './customer-data.ts';
import { parseCustomerKeys } from './customer-key.ts';

export interface CustomerRoutesDeps {
  readonly data: CustomerData;
  readonly requireAgent: RequireAgent;
  /** Origins allowed besides the request's own host (as for the agent routes; default none). */
  readonly trustedOrigins?: readonly string[];
}

type KeyParams = { Params: { customerKey: string } };

/**
 * One customer's data, for admins only (401 AUTH_REQUIRED, 403 FORBIDDEN_ROLE otherwise):
 * - GET /api/admin/customers/:customerKey/export: everything kept about them, as a JSON attachment
 *   (404 CUSTOMER_NOT_FOUND when nothing is)
 * - DELETE /api/admin/customers/:customerKey: erases it; `{ok, customers, conversations, closedTickets,
 *   cancelledTickets}`; 409 CUSTOMER_IN_CHAT (nothing removed) while an agent holds one of their chats
 * `customerKey` is `<channel>:<id>`, several joined by commas for one person on several channels.
 * Both routes refuse cross-site requests (403 CROSS_ORIGIN), the export too: it is personal data.
 */
export async function registerCustomerRoutes(app: FastifyInstance, deps: CustomerRoutesDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      // Checked as a state-changing request whatever the method: a read of personal data, too, must come
      // from the console's own site.
      const verdict = checkSameOrigin('DELETE', request.headers, deps.trustedOrigins);
      if (!verdict.ok) return sendError(reply, 'CROSS_ORIGIN', verdict.message, verdict.status);
    });
    const admin = { onRequest: deps.requireAgent('admin') };

    scope.get<KeyParams>('/api/admin/customers/:customerKey/export', admin, async (request, reply) => {
      const customers = parseCustomerKeys(request.params.customerKey);
      const exported = await deps.data.export(customers);
      request.log.info(
        {
          customers: customers.length,
          conversations: exported.conversations.length,
          by: signedInAgent(request).id,
        },
        'customer data exported',
      );
      return reply
        .header('content-disposition', 'attachment; filename="customer-export.json"')
        .header('cache-control', 'no-store')
        .send(exported);
    });

    scope.delete<KeyParams>('/api/admin/customers/:customerKey', admin, async (request) => {
      const customers = parseCustomerKeys(request.params.customerKey);
      const erased = await deps.data.erase(customers);
      request.log.info(
        {
          customers: customers.length,
          conversations: erased.conversations.length,
          by: signedInAgent(request).id,
        },
        'customer data erased',
      );
      return { ok: true, ...erased };
    });
  });
}
