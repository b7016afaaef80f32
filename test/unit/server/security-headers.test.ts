import Fastify, { type FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { afterEach, describe, expect, it } from 'vitest';
import { registerSecurityHeaders } from '../../../src/server/security-headers.ts';

const AGENT_PAGES = /^\/agent(\/|$)/;

const options = (agentPage: boolean): HelmetOptions => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", agentPage ? '' : "'unsafe-inline'"] },
  },
  frameguard: { action: 'deny' },
});
const embeddable: HelmetOptions = { crossOriginResourcePolicy: { policy: 'cross-origin' } };

/** The app under test, or the same routes with helmet's own middleware run at every request. */
async function appWith(headers: 'once' | 'helmet'): Promise<FastifyInstance> {
  const app = Fastify();
  if (headers === 'once') {
    registerSecurityHeaders(app, { helmet: options, agentPages: AGENT_PAGES });
  } else {
    app.addHook('onRequest', (request, reply, done) => {
      const own = request.routeOptions.config.securityHeaders ?? {};
      const merged = { ...options(AGENT_PAGES.test(request.raw.url ?? '')), ...own } as HelmetOptions;
      helmet(merged)(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
    });
  }
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/refused') await reply.code(429).send({ code: 'RATE_LIMITED' });
  });
  app.get('/page', async () => ({ ok: true }));
  app.get('/agent/login', async () => ({ ok: true }));
  app.get('/refused', async () => ({ ok: true }));
  app.get('/widget.js', { config: { securityHeaders: embeddable } }, async () => 'script');
  await app.ready();
  return app;
}

describe('security headers worked out once', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('writes the headers helmet writes, in the same order, on every kind of route', async () => {
    const once = await appWith('once');
    const each = await appWith('helmet');
    apps.push(once, each);
    for (const url of ['/page', '/agent/login', '/agent/login?next=1', '/widget.js', '/refused', '/nope']) {
      const [ours, helmets] = await Promise.all([once.inject({ url }), each.inject({ url })]);
      // The order headers were set in (the order they go out in, before Fastify's own).
      expect(ours.raw.res.getHeaderNames(), url).toEqual(helmets.raw.res.getHeaderNames());
      const { date: _a, ...ourHeaders } = ours.headers;
      const { date: _b, ...helmetHeaders } = helmets.headers;
      expect(ourHeaders, url).toEqual(helmetHeaders);
      expect(ours.statusCode, url).toBe(helmets.statusCode);
    }
  });

  it("gives the agents' pages their own policy and a route its own options", async () => {
    const app = await appWith('once');
    apps.push(app);
    const csp = async (url: string) => (await app.inject({ url })).headers['content-security-policy'];
    expect(await csp('/page')).toBe("default-src 'self';style-src 'self' 'unsafe-inline'");
    expect(await csp('/agent/login')).toBe("default-src 'self';style-src 'self' ");
    expect((await app.inject({ url: '/widget.js' })).headers['cross-origin-resource-policy']).toBe(
      'cross-origin',
    );
    expect((await app.inject({ url: '/page' })).headers['cross-origin-resource-policy']).toBe('same-origin');
    expect((await app.inject({ url: '/refused' })).headers['x-frame-options']).toBe('DENY');
  });
});
