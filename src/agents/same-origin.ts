/**
 * Cross-site request forgery guard for the agent routes.
 *
 * Why this is enough: the session cookie is SameSite=Strict, so a browser never attaches it to a
 * request that another site starts. Every state-changing route also demands `Content-Type:
 * application/json`, which an HTML form cannot send and which makes a cross-origin `fetch` ask
 * permission first (a CORS preflight) that hamdel never grants. As a third, independent check, a
 * browser's `Origin` (sent on every non-GET request) must name this very host, and `Sec-Fetch-Site`,
 * when present, must be "same-origin" (or "none": typed or bookmarked by the user). Clients without
 * these headers (curl, the CLI, tests) carry no ambient cookie an attacker could ride on.
 */
import type { FastifyInstance } from 'fastify';
import { sendError } from '../core/http-errors.ts';

export interface RequestHeaders {
  readonly origin?: string | undefined;
  readonly host?: string | undefined;
  readonly 'sec-fetch-site'?: string | undefined;
  readonly 'content-type'?: string | undefined;
}

export type SameOriginVerdict =
  { readonly ok: true } | { readonly ok: false; readonly status: 403 | 415; readonly message: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Whether a request may change state. `trustedOrigins` are extra origins allowed (e.g. behind a proxy). */
export function checkSameOrigin(
  method: string,
  headers: RequestHeaders,
  trustedOrigins: readonly string[] = [],
): SameOriginVerdict {
  const verb = method.toUpperCase();
  if (SAFE_METHODS.has(verb)) return { ok: true };
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, message: `Cross-site request refused (Sec-Fetch-Site: ${site}).` };
  }
  const origin = headers.origin;
  if (origin !== undefined && !trustedOrigins.includes(origin) && !sameHost(origin, headers.host)) {
    return { ok: false, status: 403, message: `Request from origin ${origin} refused: it is not this host.` };
  }
  if (BODY_METHODS.has(verb) && !isJson(headers['content-type'])) {
    return { ok: false, status: 415, message: 'Send a JSON body with Content-Type: application/json.' };
  }
  return { ok: true };
}

/**
 * The rule for the console's WebSocket upgrade (/agent/ws). CORS does not cover WebSockets, and the session
 * cookie rides on an upgrade like on any request to this host (SameSite=Strict keeps it off other sites'
 * upgrades, but not off a sibling subdomain's: same site, other origin). So, as OWASP advises for
 * WebSockets, the `Origin` must name this host (or a trusted origin). Browsers always send `Origin` on an
 * upgrade and a page cannot remove it; an upgrade without one comes from a program (a test client, a
 * script with its own cookie), which has no ambient cookie to abuse: allowed.
 */
export function checkUpgradeOrigin(
  headers: Pick<RequestHeaders, 'origin' | 'host'>,
  trustedOrigins: readonly string[] = [],
): SameOriginVerdict {
  const origin = headers.origin;
  if (origin === undefined || trustedOrigins.includes(origin) || sameHost(origin, headers.host)) {
    return { ok: true };
  }
  return {
    ok: false,
    status: 403,
    message: `Console connection from ${origin} refused: it is not this host.`,
  };
}

/** Whether the origin names the Host header's host and port (a default port may be left out of either). */
function sameHost(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    const defaultPort = url.protocol === 'https:' ? '443' : '80';
    const given = new URL(`${url.protocol}//${host}`);
    if (given.username !== '' || given.password !== '' || given.pathname !== '/') return false;
    return url.hostname === given.hostname && (url.port || defaultPort) === (given.port || defaultPort);
  } catch {
    return false;
  }
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** Answers 403 CROSS_ORIGIN, before any route of `scope` runs, to a request another site started. */
export function refuseCrossSite(scope: FastifyInstance, trustedOrigins?: readonly string[]): void {
  scope.addHook('onRequest', async (request, reply) => {
    const verdict = checkSameOrigin(request.method, request.headers, trustedOrigins);
    if (!verdict.ok) return sendError(reply, 'CROSS_ORIGIN', verdict.message, verdict.status);
  });
}
