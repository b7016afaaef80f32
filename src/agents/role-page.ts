import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { REVALIDATE, sendScript, type ScriptSource } from '../core/served-script.ts';
import type { AgentRole } from './agent.ts';
import { hasRole } from './agent-role.ts';
import type { RequireAgent } from './require-agent.ts';
import { signedInAgent } from './request-agent.ts';

/** The stylesheet every role page shares (colours, font, the header bar). */
const BASE_STYLESHEET = fileURLToPath(new URL('../../web/shared/role-page.css', import.meta.url));

export interface RolePageOptions {
  /** The page's path segment: the page is /<name>/, its script /<name>/<name>.js. */
  readonly name: string;
  /** The lowest role that may see the page; below it, `refused.html` with 403. */
  readonly role: AgentRole;
  /** The folder with `index.html`, `refused.html` and the page's stylesheets. */
  readonly folder: string;
  readonly requireAgent: RequireAgent;
  /** The page's script (browser-bundle.ts). */
  readonly script: ScriptSource;
}

/**
 * A console page for one role and above (the admin console, the supervisor's dashboard): /<name>/ behind
 * the agents' sign-in (/agent/login?next=/<name>/ without a session); a signed-in agent below the role gets
 * the folder's refusal page (403). Its stylesheets are served from the folder, its script at
 * /<name>/<name>.js.
 */
export async function registerRolePage(app: FastifyInstance, o: RolePageOptions): Promise<void> {
  const root = path.resolve(o.folder);
  const base = `/${o.name}/`;
  await app.register(fastifyStatic, {
    root,
    prefix: base,
    decorateReply: false,
    index: false,
    allowedPath: (pathname) => pathname.endsWith('.css'),
  });
  app.get(`${base}base.css`, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .sendFile(path.basename(BASE_STYLESHEET), path.dirname(BASE_STYLESHEET)),
  );
  app.get(`/${o.name}`, async (_request, reply) => reply.redirect(base, 301));
  app.get(
    base,
    { onRequest: o.requireAgent(undefined, { redirectTo: `/agent/login?next=${base}` }) },
    async (request, reply) => {
      const allowed = hasRole(signedInAgent(request).role, o.role);
      return reply
        .code(allowed ? 200 : 403)
        .type('text/html; charset=utf-8')
        .sendFile(allowed ? 'index.html' : 'refused.html', root);
    },
  );
  app.get(`${base}${o.name}.js`, async (request, reply) =>
    sendScript(request, reply, await o.script(), REVALIDATE),
  );
}
