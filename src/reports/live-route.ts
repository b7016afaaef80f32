import type { FastifyInstance } from 'fastify';
import type { RequireAgent } from '../agents/require-agent.ts';
import { readLiveState, type LiveSources } from './live-line.ts';

export interface LiveRouteDeps extends LiveSources {
  readonly requireAgent: RequireAgent;
}

/**
 * GET /api/reports/live (supervisor or admin; 401 AUTH_REQUIRED, 403 FORBIDDEN_ROLE): the line per team and
 * language, the longest wait, angry customers waiting, and agents online, busy and away with their load
 * (live-line.ts). Never cached.
 */
export async function registerLiveRoute(app: FastifyInstance, deps: LiveRouteDeps): Promise<void> {
  app.get('/api/reports/live', { onRequest: deps.requireAgent('supervisor') }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return readLiveState(deps);
  });
}
