import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ERROR_CODES } from '../../src/core/errors.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { TestVisitor, WidgetTestClient } from '../helpers/ws-client.ts';

const TOKEN = 'integrator-token-0123456789-abcdefghij';
const METRICS = 'metrics-token-0123456789';
const ADMIN_PW = 'admin password 123';
const JSON_TYPE = { 'content-type': 'application/json' };
/** Ten megabytes of JSON-looking text: far past the 256 KiB body limit. */
const HUGE = `{"text":"${'x'.repeat(10 * 1024 * 1024)}"}`;

/** The answer is `{code, message}` with a documented code, and nothing else. */
function expectError(response: LightMyRequestResponse, status: number, code: keyof typeof ERROR_CODES) {
  expect({ status: response.statusCode, body: response.json() as unknown }).toEqual({
    status,
    body: { code, message: expect.any(String) },
  });
}

async function signIn(
  server: TestServer,
  id: string,
  password: string,
  headers: Record<string, string> = {},
) {
  return server.hamdel.app.inject({
    method: 'POST',
    url: '/api/agent/login',
    headers: { ...JSON_TYPE, ...headers },
    payload: { id, password },
  });
}

async function sessionOf(server: TestServer): Promise<string> {
  const response = await signIn(server, 'boss', ADMIN_PW);
  expect(response.statusCode).toBe(200);
  return response.cookies.find((c) => c.name === 'hamdel_session')?.value ?? '';
}

/** Every route with its full path, read from Fastify's route tree (so a route added later is covered too). */
function routesOf(server: TestServer): { path: string; methods: string[] }[] {
  const stack: string[] = [];
  const routes: { path: string; methods: string[] }[] = [];
  for (const line of server.hamdel.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    routes.push({ path: stack.join(''), methods: (match[3] ?? '').split(', ') });
  }
  return routes;
}

describe('every route answers errors as {code, message}, checking credentials before the body', () => {
  let server: TestServer;
  let session: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { HTTP_CHANNEL_TOKEN: TOKEN, METRICS_TOKEN: METRICS } });
    await server.hamdel.human.agents.create({
      id: 'boss',
      name: 'Boss',
      role: 'admin',
      languages: ['en'],
      password: ADMIN_PW,
    });
    await server.hamdel.human.agents.create({
      id: 'sara',
      name: 'Sara',
      languages: ['fa'],
      password: 'agent password 123',
    });
    session = await sessionOf(server);
  });
  afterAll(() => server.close());

  const inject = (options: InjectOptions) => server.hamdel.app.inject(options);
  const bearer = { authorization: `Bearer ${TOKEN}` };

  /** State-changing routes, with what proves the caller (none: the route needs nobody). */
  const routes = (): { method: 'POST' | 'PATCH'; url: string; credentials?: () => InjectOptions }[] => [
    { method: 'POST', url: '/api/messages', credentials: () => ({ headers: bearer }) },
    { method: 'POST', url: '/api/agent/login' },
    { method: 'POST', url: '/api/agent/logout' },
    {
      method: 'POST',
      url: '/api/admin/agents',
      credentials: () => ({ cookies: { hamdel_session: session } }),
    },
    {
      method: 'PATCH',
      url: '/api/admin/agents/sara',
      credentials: () => ({ cookies: { hamdel_session: session } }),
    },
    {
      method: 'POST',
      url: '/api/admin/agents/sara/password',
      credentials: () => ({ cookies: { hamdel_session: session } }),
    },
  ];

  it('refuses malformed JSON, an empty body, a huge body and a wrong content type', async () => {
    for (const route of routes()) {
      const given = route.credentials?.() ?? {};
      const headers = { ...JSON_TYPE, ...given.headers };
      const base = { method: route.method, url: route.url, cookies: given.cookies ?? {} };
      expectError(await inject({ ...base, headers, payload: '{"id": broken' }), 400, 'MESSAGE_INVALID');
      expectError(await inject({ ...base, headers, payload: '' }), 400, 'MESSAGE_INVALID');
      expectError(await inject({ ...base, headers, payload: HUGE }), 413, 'BODY_TOO_LARGE');
      const text = await inject({
        ...base,
        headers: { ...headers, 'content-type': 'text/plain' },
        payload: 'hi',
      });
      // Agent routes refuse a non-JSON body before anything else (same-origin.ts), the HTTP channel as its parser.
      if (route.url === '/api/messages') expectError(text, 415, 'MEDIA_TYPE_UNSUPPORTED');
      else expectError(text, 415, 'CROSS_ORIGIN');
    }
  });

  it('answers 401 to a request without credentials even with a 10 MB or malformed body', async () => {
    for (const route of routes().filter((r) => r.credentials)) {
      const expected = route.url === '/api/messages' ? 'UNAUTHORIZED' : 'AUTH_REQUIRED';
      for (const payload of [HUGE, '{"broken', '']) {
        const response = await inject({ method: route.method, url: route.url, headers: JSON_TYPE, payload });
        expectError(response, 401, expected);
      }
    }
    const wrongToken = await inject({
      method: 'POST',
      url: '/api/messages',
      headers: { ...JSON_TYPE, authorization: 'Bearer not-the-token' },
      payload: HUGE,
    });
    expectError(wrongToken, 401, 'UNAUTHORIZED');
    const admin = await inject({ method: 'DELETE', url: '/api/admin/agents/sara', headers: JSON_TYPE });
    expectError(admin, 401, 'AUTH_REQUIRED');
    expectError(await inject({ method: 'GET', url: '/api/agent/me' }), 401, 'AUTH_REQUIRED');
  });

  it('answers metrics, the console socket, unknown paths and bad URLs alike', async () => {
    const metrics = await inject({ method: 'GET', url: '/metrics' });
    expectError(metrics, 401, 'UNAUTHORIZED');
    expect(metrics.headers['www-authenticate']).toBe('Bearer');
    expect(
      (await inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS}` } }))
        .statusCode,
    ).toBe(200);
    expectError(await inject({ method: 'GET', url: '/agent/ws' }), 426, 'MESSAGE_INVALID');
    expectError(await inject({ method: 'GET', url: '/ws?customer=visitor-0001' }), 426, 'MESSAGE_INVALID');
    expectError(await inject({ method: 'GET', url: '/no/such/page' }), 404, 'NOT_FOUND');
    expectError(await inject({ method: 'GET', url: '/agent/no-such-file.css' }), 404, 'NOT_FOUND');
    expectError(
      await inject({ method: 'POST', url: '/agent/', headers: JSON_TYPE, payload: '{}' }),
      404,
      'NOT_FOUND',
    );
    expectError(await inject({ method: 'GET', url: '/%E0%A4%A' }), 400, 'MESSAGE_INVALID');
  });

  it('refuses a cross-site request to every state-changing console and admin route', async () => {
    const targets = routesOf(server).flatMap(({ path, methods }) =>
      path.startsWith('/api/agent') || path.startsWith('/api/admin') || path.startsWith('/agent')
        ? methods.filter((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m)).map((method) => ({ method, path }))
        : [],
    );
    // The list is read from the server: at least the sign-in, sign-out and every admin mutation.
    expect(targets.length).toBeGreaterThanOrEqual(6);
    for (const { method, path } of targets) {
      const url = path.replace(':id', 'sara');
      for (const headers of [
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site' },
        { origin: 'https://evil.example', 'sec-fetch-site': 'same-site' },
      ]) {
        const response = await inject({
          method: method as InjectOptions['method'],
          url,
          headers: { ...JSON_TYPE, ...headers },
          cookies: { hamdel_session: session },
          payload: '{}',
        });
        expectError(response, 403, 'CROSS_ORIGIN');
      }
    }
    expect((await server.hamdel.human.agents.get('sara'))?.name).toBe('Sara'); // nothing changed
  });

  it('ignores X-Forwarded-Proto without TRUST_PROXY: no Secure cookie on plain http', async () => {
    const response = await signIn(server, 'boss', ADMIN_PW, { 'x-forwarded-proto': 'https' });
    expect(String(response.headers['set-cookie'])).not.toContain('Secure');
  });

  it('sends security headers: a CSP without framing on the sign-in page, the widget script embeddable', async () => {
    const login = await inject({ method: 'GET', url: '/agent/login' });
    const loginCsp = String(login.headers['content-security-policy']);
    expect(loginCsp).toContain("frame-ancestors 'none'");
    expect(loginCsp).toContain("script-src 'self'");
    expect(loginCsp).not.toContain('unsafe-inline');
    expect(login.headers['x-frame-options']).toBe('DENY');
    expect(login.headers['x-content-type-options']).toBe('nosniff');
    const console = await inject({ method: 'GET', url: '/agent/', cookies: { hamdel_session: session } });
    expect(console.statusCode).toBe(200);
    expect(String(console.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    const demo = await inject({ method: 'GET', url: '/' });
    const demoCsp = String(demo.headers['content-security-policy']);
    expect(demoCsp).toContain("script-src 'self'");
    expect(demoCsp).toContain("script-src-attr 'none'");
    expect(demoCsp).toMatch(/style-src 'self' 'unsafe-inline'/); // inline styles outside the agents' pages
    expect(demo.body).not.toMatch(/<script>|onclick=/);
    const widget = await inject({ method: 'GET', url: '/widget.js' });
    expect(widget.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(
      (await inject({ method: 'GET', url: '/api/agent/me' })).headers['cross-origin-resource-policy'],
    ).toBe('same-origin');
  });
});

describe('rate limits, counted in Redis', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        HTTP_CHANNEL_TOKEN: TOKEN,
        LOGIN_RATE_LIMIT_PER_MINUTE: '2',
        API_RATE_LIMIT_PER_MINUTE: '2',
        HTTP_CHANNEL_RATE_LIMIT_PER_MINUTE: '2',
        WEBSOCKET_UPGRADES_PER_MINUTE: '3',
        CUSTOMER_MESSAGES_PER_MINUTE: '2',
        CUSTOMER_HELLOS_PER_MINUTE: '2',
        CUSTOMER_TYPING_PER_MINUTE: '1',
        // The per-connection buckets stay out of the way: this is about the per-customer limits.
        RATE_LIMIT_PER_MINUTE: '600',
        WIDGET_HELLOS_PER_MINUTE: '600',
        TRUST_PROXY: 'true',
      },
      rateWindowMs: 1_500,
    });
  });
  afterAll(() => server.close());

  const inject = (options: InjectOptions) => server.hamdel.app.inject(options);
  /** Waits out the window: the next request passes (a refused one does not extend it). */
  const passesAgain = (request: () => Promise<number>, ok: number) =>
    vi.waitFor(async () => expect(await request()).toBe(ok), { timeout: 15_000, interval: 300 });

  function expectLimited(response: LightMyRequestResponse) {
    expectError(response, 429, 'RATE_LIMITED');
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  }

  it('behind a trusted TLS proxy marks the session cookie Secure', async () => {
    await server.hamdel.human.agents.create({
      id: 'boss',
      name: 'Boss',
      role: 'admin',
      languages: ['en'],
      password: ADMIN_PW,
    });
    const viaTls = await signIn(server, 'boss', ADMIN_PW, {
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '192.0.2.1',
    });
    expect(viaTls.statusCode).toBe(200);
    expect(String(viaTls.headers['set-cookie'])).toMatch(/hamdel_session=.*; Secure/);
    const plain = await signIn(server, 'boss', ADMIN_PW, {
      'x-forwarded-proto': 'http',
      'x-forwarded-for': '192.0.2.2',
    });
    expect(String(plain.headers['set-cookie'])).not.toContain('Secure');
  });

  it('limits sign-in attempts per client address, and lets them through after the window', async () => {
    const attempt = (ip: string) => signIn(server, 'nobody', 'wrong password', { 'x-forwarded-for': ip });
    expect((await attempt('203.0.113.7')).statusCode).toBe(401);
    expect((await attempt('203.0.113.7')).statusCode).toBe(401);
    expectLimited(await attempt('203.0.113.7'));
    // Another address (TRUST_PROXY: X-Forwarded-For is believed) has its own allowance.
    expect((await attempt('203.0.113.8')).statusCode).toBe(401);
    await passesAgain(async () => (await attempt('203.0.113.7')).statusCode, 401);
  });

  it('limits the HTTP channel and the other /api routes', async () => {
    const message = () =>
      inject({
        method: 'POST',
        url: '/api/messages',
        headers: { ...JSON_TYPE, authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '198.51.100.1' },
        payload: { customerId: 'c-1' }, // invalid: answered at once, still counted
      });
    expect((await message()).statusCode).toBe(400);
    expect((await message()).statusCode).toBe(400);
    expectLimited(await message());
    await passesAgain(async () => (await message()).statusCode, 400);

    const me = () =>
      inject({ method: 'GET', url: '/api/agent/me', headers: { 'x-forwarded-for': '198.51.100.2' } });
    expect((await me()).statusCode).toBe(401);
    expect((await me()).statusCode).toBe(401);
    expectLimited(await me());
    await passesAgain(async () => (await me()).statusCode, 401);
  });

  it('limits WebSocket upgrades per client address', async () => {
    const clients = [];
    for (let i = 0; i < 3; i += 1) clients.push(await WidgetTestClient.connect(server.url));
    await expect(WidgetTestClient.connect(server.url)).rejects.toThrow(/HTTP 429/);
    // The console's socket has an allowance of its own, as every route has.
    const upgrade = { connection: 'Upgrade', upgrade: 'websocket' };
    for (let i = 0; i < 3; i += 1) {
      expect((await inject({ method: 'GET', url: '/agent/ws', headers: upgrade })).statusCode).not.toBe(429);
    }
    expectLimited(
      await inject({
        method: 'GET',
        url: '/agent/ws',
        headers: { connection: 'Upgrade', upgrade: 'websocket' },
      }),
    );
    await Promise.all(clients.map((c) => c.close()));
    await vi.waitFor(
      async () => {
        const again = await WidgetTestClient.connect(server.url);
        await again.close();
      },
      { timeout: 15_000, interval: 300 },
    );
  });

  it('limits every widget frame type per customer, across connections', async () => {
    // One visitor on two connections: the second presents the credentials the first was given.
    const customer = new TestVisitor();
    // Upgrades are limited too: wait for a fresh window before opening the two connections.
    const [a, b] = await vi.waitFor(
      async () => [
        await WidgetTestClient.connect(server.url, { visitor: customer }),
        await WidgetTestClient.connect(server.url, { visitor: customer }),
      ],
      { timeout: 15_000, interval: 300 },
    );
    if (!a || !b) throw new Error('no connections');
    const refused = (client: WidgetTestClient, from: number) =>
      client.waitFor((f) => f.type === 'error' && f.code === 'RATE_LIMITED', 5_000, from);

    // hello: two for the customer, whichever connection sends them; the third is refused.
    a.send({ type: 'hello' });
    await a.waitFor((f) => f.type === 'welcome');
    b.send({ type: 'hello' });
    await b.waitFor((f) => f.type === 'welcome');
    const fromHello = a.frames.length;
    a.send({ type: 'hello' });
    await refused(a, fromHello);

    // say: two messages, then RATE_LIMITED for the third (on the other connection).
    expect((await a.say('hi', 'lim-1')).some((f) => f.type === 'ack')).toBe(true);
    expect((await b.say('hello again', 'lim-2')).some((f) => f.type === 'ack')).toBe(true);
    const third = await a.say('one more', 'lim-3');
    expect(third).toContainEqual(
      expect.objectContaining({ type: 'error', code: 'RATE_LIMITED', clientMessageId: 'lim-3' }),
    );

    // typing: one per window; the second (a second later, past the per-connection throttle) is refused.
    a.send({ type: 'typing' });
    const fromTyping = b.frames.length;
    await vi.waitFor(
      async () => {
        b.send({ type: 'typing' });
        await refused(b, fromTyping);
      },
      { timeout: 5_000, interval: 1_100 },
    );

    // After the window the customer is heard again.
    await vi.waitFor(
      async () => {
        const frames = await a.say('and now?', `lim-after-${Date.now()}`);
        expect(frames.some((f) => f.type === 'ack')).toBe(true);
      },
      { timeout: 15_000, interval: 300 },
    );
    await a.close();
    await b.close();
  });
});
