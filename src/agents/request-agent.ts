import type { FastifyRequest } from 'fastify';
import { HamdelError } from '../core/errors.ts';
import type { Agent } from './agent.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in agent, set by `requireAgent` (null on routes without it). */
    agent: Agent | null;
  }
}

/** The agent `requireAgent` put on the request; throws AUTH_REQUIRED on a route without the guard. */
export function signedInAgent(request: FastifyRequest): Agent {
  if (request.agent === null) throw new HamdelError('AUTH_REQUIRED', 'Sign in first.');
  return request.agent;
}
