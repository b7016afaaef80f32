import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Config } from '../core/config.ts';
import { HamdelError } from '../core/errors.ts';
import { handleError, handleNotFound, sendError } from '../core/http-errors.ts';
import { rateLimitNamespace } from '../core/redis-rate-limit.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import { registerSecurityHeaders } from './security-headers.ts';

export type HttpLimitSettings = Pick<
  Config,
  | 'API_RATE_LIMIT_PER_MINUTE'
  | 'HTTP_CHANNEL_RATE_LIMIT_PER_MINUTE'
  | 'LOGIN_RATE_LIMIT_PER_MINUTE'
  | 'WEBSOCKET_UPGRADES_PER_MINUTE'
>;

export interface HardeningOptions {
  readonly config: HttpLimitSettings;
  /** The counters' Redis (the app's command connection), so limits hold across processes. */
  readonly redis: RedisConnection;
  readonly prefix: string;
  /** The limits' window (default a minute; tests shorten it). */
  readonly windowMs?: number;
}

/**
 * Pages that need no inline styles: the agent console and its sign-in, the admin console, the dashboard,
 * the editor's workspace.
 */
const AGENT_PAGES = /^\/(agent|admin|supervisor|editor)(\/|$)/;

/**
 * What every route shares, registered before any route:
 * - one error handler and one not-found handler (core/http-errors.ts): `{code, message}` everywhere;
 * - security headers (helmet's, worked out once per route: security-headers.ts): a content security policy with scripts only from this origin and
 *   no framing (`frame-ancestors 'none'`), nosniff, a strict referrer policy. Inline styles are still
 *   allowed outside the agents' pages (the widget itself needs none since it adopts a constructed
 *   stylesheet). `/widget.js` may be loaded by other sites (Cross-Origin-Resource-Policy: cross-origin);
 * - rate limits (@fastify/rate-limit, counted in Redis per client address and route; behind a proxy see
 *   TRUST_PROXY): the HTTP channel, the other /api/* routes, sign-in, and WebSocket upgrades (/ws,
 *   /agent/ws), answered 429 RATE_LIMITED with Retry-After.
 */
export async function registerHardening(app: FastifyInstance, o: HardeningOptions): Promise<void> {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  // hamdel reads JSON bodies only: a text/plain body is refused as such (415), not parsed as a string.
  app.removeContentTypeParser('text/plain');
  // A plain GET to a WebSocket endpoint is told what it is, like any other error (not an empty 404).
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.websocket !== true || route.method !== 'GET') return;
    route.wsHandler = route.handler as unknown as NonNullable<RouteOptions['wsHandler']>;
    route.websocket = false;
    route.handler = async (_request, reply) =>
      sendError(reply, 'MESSAGE_INVALID', 'This is a WebSocket endpoint: open it with a WebSocket.', 426);
  });

  registerSecurityHeaders(app, {
    agentPages: AGENT_PAGES,
    helmet: (agentPage) => ({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          // The agents' pages: an empty source in place of 'unsafe-inline' ("style-src 'self' ").
          styleSrc: ["'self'", agentPage ? '' : "'unsafe-inline'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
    }),
  });

  const windowMs = o.windowMs ?? 60_000;
  const limits = routeLimits(o.config);
  // Runs before the plugin's own onRoute hook, which reads `config.rateLimit`.
  app.addHook('onRoute', (route: RouteOptions) => {
    const max = limits(route);
    if (max === undefined || max <= 0) return;
    route.config = { ...route.config, rateLimit: { max, timeWindow: windowMs } };
  });
  await app.register(fastifyRateLimit, {
    global: false,
    redis: o.redis,
    nameSpace: rateLimitNamespace(o.prefix),
    // Redis away: the route itself answers 503 REDIS_UNAVAILABLE; the limiter must not be what fails.
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new HamdelError('RATE_LIMITED', `Too many requests; try again in ${context.after}.`),
  });
  // The plugin appends its check to a route's own onRequest hooks; it goes first, so that a flood is
  // counted (and stopped) before credentials are looked at.
  app.addHook('onRoute', (route: RouteOptions) => {
    const hooks = route.onRequest;
    if (!route.config?.rateLimit || !Array.isArray(hooks) || hooks.length < 2) return;
    const limit = hooks.pop();
    if (limit) hooks.unshift(limit);
  });
}

/** The per-minute limit a route gets, by path (undefined: not limited). */
function routeLimits(
  config: HttpLimitSettings,
): (route: Pick<RouteOptions, 'url' | 'method'>) => number | undefined {
  return ({ url }) => {
    if (url === '/ws' || url === '/agent/ws') return config.WEBSOCKET_UPGRADES_PER_MINUTE;
    if (url === '/api/agent/login') return config.LOGIN_RATE_LIMIT_PER_MINUTE;
    if (url === '/api/messages' || url === '/api/conversations/:id/messages') {
      return config.HTTP_CHANNEL_RATE_LIMIT_PER_MINUTE; // the HTTP channel: its messages and its polling
    }
    if (url.startsWith('/api/')) return config.API_RATE_LIMIT_PER_MINUTE;
    return undefined;
  };
}
