import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ScriptSource } from '../core/served-script.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { registerRolePage } from '../agents/role-page.ts';

export interface AdminConsoleOptions {
  readonly requireAgent: RequireAgent;
  /** The console script served at /admin/admin.js (browser-bundle.ts). */
  readonly script: ScriptSource;
}

/**
 * The admin console: the page at /admin/ for admins (others signed in get a refusal page in the three
 * languages), its script /admin/admin.js and stylesheet /admin/admin.css; everything it does goes through
 * /api/admin/….
 */
export async function registerAdminConsole(app: FastifyInstance, o: AdminConsoleOptions): Promise<void> {
  await registerRolePage(app, {
    name: 'admin',
    role: 'admin',
    folder: fileURLToPath(new URL('../../web/admin/', import.meta.url)),
    ...o,
  });
}
