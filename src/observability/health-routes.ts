import type { FastifyInstance } from 'fastify';
import type { Readiness, ReadinessChecks } from './readiness.ts';

/**
 * GET /healthz: the process runs (always 200, for a liveness probe; it never looks at Redis, so an outage
 * does not get healthy processes restarted). GET /readyz: 200 when this process should get traffic, 503 with
 * `{code: "NOT_READY", message, checks}` while Redis does not answer, content is not loaded, or it drains.
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { ok: true };
  });

  app.get('/readyz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    const { ready, checks } = await readiness.check();
    if (ready) return { ok: true, checks };
    return reply.code(503).send({ code: 'NOT_READY', message: notReady(checks), checks });
  });
}

function notReady(checks: ReadinessChecks): string {
  const why: string[] = [];
  if (!checks.redis) why.push('Redis does not answer');
  if (!checks.content) why.push('content (knowledge base, message catalog) is not loaded');
  if (checks.draining) why.push('the process is shutting down');
  return `Not ready: ${why.join('; ')}.`;
}
