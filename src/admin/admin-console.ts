import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { hasRole } from '../agents/agent-role.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { signedInAgent } from '../agents/request-agent.ts';

export interface AdminConsoleOptions {
  readonly requireAgent: RequireAgent;
  /** The console script served at /admin/admin.js (browser-bundle.ts). */
  readonly script: () => Promise<string>;
}

const ADMIN_ROOT = fileURLToPath(new URL('../../web/admin/', import.meta.url));

/**
 * The admin console: the page at /admin/ behind the agents' sign-in (/agent/login?next=/admin/ without a
 * session); a signed-in agent below admin gets a refusal page (403) that says so in the three languages.
 * Its script /admin/admin.js and stylesheet /admin/admin.css; everything it does goes through /api/admin/….
 */
export async function registerAdminConsole(app: FastifyInstance, o: AdminConsoleOptions): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.resolve(ADMIN_ROOT),
    prefix: '/admin/',
    decorateReply: false,
    index: false,
    allowedPath: (pathname) => pathname.endsWith('.css'),
  });
  app.get('/admin', async (_request, reply) => reply.redirect('/admin/', 301));
  app.get(
    '/admin/',
    { onRequest: o.requireAgent(undefined, { redirectTo: '/agent/login?next=/admin/' }) },
    async (request, reply) => {
      const admin = hasRole(signedInAgent(request).role, 'admin');
      return reply
        .code(admin ? 200 : 403)
        .type('text/html; charset=utf-8')
        .sendFile(admin ? 'index.html' : 'refused.html', path.resolve(ADMIN_ROOT));
    },
  );
  app.get('/admin/admin.js', async (_request, reply) => {
    reply.header('content-type', 'application/javascript; charset=utf-8');
    reply.header('cache-control', 'no-cache');
    return o.script();
  });
}
