import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { hasRole } from '../agents/agent-role.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { signedInAgent } from '../agents/request-agent.ts';

export interface SupervisorDashboardOptions {
  readonly requireAgent: RequireAgent;
  /** The dashboard's script served at /supervisor/supervisor.js (browser-bundle.ts). */
  readonly script: () => Promise<string>;
}

const ROOT = path.resolve(fileURLToPath(new URL('../../web/supervisor/', import.meta.url)));

/**
 * The supervisor's dashboard: the page at /supervisor/ behind the agents' sign-in
 * (/agent/login?next=/supervisor/ without a session); an agent below supervisor gets a refusal page (403)
 * in the three languages. Its script /supervisor/supervisor.js and stylesheet /supervisor/supervisor.css;
 * its figures come from /api/reports/live and /api/reports/summary.
 */
export async function registerSupervisorDashboard(
  app: FastifyInstance,
  o: SupervisorDashboardOptions,
): Promise<void> {
  await app.register(fastifyStatic, {
    root: ROOT,
    prefix: '/supervisor/',
    decorateReply: false,
    index: false,
    allowedPath: (pathname) => pathname.endsWith('.css'),
  });
  app.get('/supervisor', async (_request, reply) => reply.redirect('/supervisor/', 301));
  app.get(
    '/supervisor/',
    { onRequest: o.requireAgent(undefined, { redirectTo: '/agent/login?next=/supervisor/' }) },
    async (request, reply) => {
      const allowed = hasRole(signedInAgent(request).role, 'supervisor');
      return reply
        .code(allowed ? 200 : 403)
        .type('text/html; charset=utf-8')
        .sendFile(allowed ? 'index.html' : 'refused.html', ROOT);
    },
  );
  app.get('/supervisor/supervisor.js', async (_request, reply) => {
    reply.header('content-type', 'application/javascript; charset=utf-8');
    reply.header('cache-control', 'no-cache');
    return o.script();
  });
}
