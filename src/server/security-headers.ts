import type { ServerResponse } from 'node:http';
import type { FastifyInstance, RouteOptions } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's security headers differ from the app's: helmet options laid over the app's. */
    securityHeaders?: HelmetOptions;
    /** The route's headers worked out once (set by `registerSecurityHeaders`, not by routes). */
    securityHeaderSteps?: HeaderSteps;
  }
}

/** A header to set (name, value) or, with no value, to remove: helmet's calls on a response, in order. */
type HeaderStep = readonly [name: string, value?: string];

/** What to write on a response: for the agents' pages, and for every other page. */
interface HeaderSteps {
  readonly agentPage: readonly HeaderStep[];
  readonly otherPage: readonly HeaderStep[];
}

export interface SecurityHeadersOptions {
  /** The helmet options of a request to an agents' page (`agentPage` true) or of any other request. */
  readonly helmet: (agentPage: boolean) => HelmetOptions;
  /** Which request URLs are agents' pages. */
  readonly agentPages: RegExp;
}

/**
 * Security headers from helmet, worked out once per route instead of at every request: helmet's middleware
 * is run at start-up against a response that notes what it sets and removes, and a request then gets the
 * same header calls in the same order (so the same bytes on the wire). A route may lay helmet options of
 * its own over the app's (`config: { securityHeaders }`). Every request gets them in one onRequest hook,
 * before any route's own hooks (a refused or rate-limited request carries them too).
 */
export function registerSecurityHeaders(app: FastifyInstance, o: SecurityHeadersOptions): void {
  const stepsOf = (route?: HelmetOptions): HeaderSteps => ({
    agentPage: headerSteps(laidOver(o.helmet(true), route)),
    otherPage: headerSteps(laidOver(o.helmet(false), route)),
  });
  const appSteps = stepsOf();
  app.addHook('onRoute', (route: RouteOptions) => {
    const own = route.config?.securityHeaders;
    route.config = { ...route.config, securityHeaderSteps: own ? stepsOf(own) : appSteps };
  });
  app.addHook('onRequest', (request, reply, done) => {
    const steps = request.routeOptions.config.securityHeaderSteps ?? appSteps;
    const raw = reply.raw;
    for (const [name, value] of o.agentPages.test(request.raw.url ?? '')
      ? steps.agentPage
      : steps.otherPage) {
      if (value === undefined) raw.removeHeader(name);
      else raw.setHeader(name, value);
    }
    done();
  });
}

/** A route's helmet options over the app's (helmet's option types forbid each header's two names at once). */
function laidOver(app: HelmetOptions, route: HelmetOptions | undefined): HelmetOptions {
  return route ? ({ ...app, ...route } as HelmetOptions) : app;
}

/** Runs helmet's middleware once against a response that notes each header it sets or removes. */
function headerSteps(options: HelmetOptions): HeaderStep[] {
  const steps: HeaderStep[] = [];
  const noting = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      steps.push([name, String(value)]);
    },
    removeHeader: (name: string) => {
      steps.push([name]);
    },
  } as unknown as ServerResponse;
  helmet(options)({} as never, noting, (error?: unknown) => {
    if (error) throw error;
  });
  return steps;
}
