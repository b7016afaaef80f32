import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../core/http-errors.ts';
import type { Metrics } from './metrics.ts';

export interface MetricsRouteOptions {
  readonly metrics: Metrics;
  /** Bearer token Prometheus sends; without one, only direct requests from this machine are answered. */
  readonly token: string | undefined;
}

/** Why a request may read the metrics, or why not. */
export type MetricsAccess = 'allowed' | 'wrong-token' | 'not-local';

/**
 * GET /metrics in Prometheus' text format. With a token set, the request must carry
 * `Authorization: Bearer <token>`. Without one, only a request made straight from the loopback interface is
 * answered: one that names a forwarding proxy (X-Forwarded-For, Forwarded, X-Real-IP) is refused too, since a
 * proxy on the same machine would otherwise open the metrics to anyone it serves.
 */
export function registerMetricsRoute(app: FastifyInstance, options: MetricsRouteOptions): void {
  const checkAccess = async (request: FastifyRequest, reply: FastifyReply) => {
    const access = metricsAccess(request, options.token);
    if (access === 'allowed') return undefined;
    const message =
      access === 'wrong-token'
        ? 'Send Authorization: Bearer <METRICS_TOKEN>.'
        : 'Metrics are served only to this machine: set METRICS_TOKEN to let Prometheus read them from elsewhere.';
    request.log.warn({ access }, '/metrics refused');
    return sendError(reply.header('www-authenticate', 'Bearer'), 'UNAUTHORIZED', message);
  };
  app.get('/metrics', { onRequest: checkAccess }, async (_request, reply) => {
    reply.header('content-type', options.metrics.contentType);
    reply.header('cache-control', 'no-store');
    return options.metrics.text();
  });
}

export function metricsAccess(
  request: Pick<FastifyRequest, 'headers'> & { readonly socket: { readonly remoteAddress?: string } },
  token: string | undefined,
): MetricsAccess {
  if (token) return bearerMatches(request.headers.authorization, token) ? 'allowed' : 'wrong-token';
  const forwarded = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some(
    (h) => request.headers[h] !== undefined,
  );
  return !forwarded && isLoopback(request.socket.remoteAddress) ? 'allowed' : 'not-local';
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}
