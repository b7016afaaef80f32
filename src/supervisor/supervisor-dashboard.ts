import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ScriptSource } from '../core/served-script.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { registerRolePage } from '../agents/role-page.ts';

export interface SupervisorDashboardOptions {
  readonly requireAgent: RequireAgent;
  /** The dashboard's script served at /supervisor/supervisor.js (browser-bundle.ts). */
  readonly script: ScriptSource;
}

/**
 * The supervisor's dashboard: the page at /supervisor/ for supervisors and admins (an agent gets a refusal
 * page in the three languages), its script /supervisor/supervisor.js and stylesheet
 * /supervisor/supervisor.css; its figures come from /api/reports/live and /api/reports/summary.
 */
export async function registerSupervisorDashboard(
  app: FastifyInstance,
  o: SupervisorDashboardOptions,
): Promise<void> {
  await registerRolePage(app, {
    name: 'supervisor',
    role: 'supervisor',
    folder: fileURLToPath(new URL('../../web/supervisor/', import.meta.url)),
    ...o,
  });
}
