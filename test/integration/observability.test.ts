import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis, type LocalRedis } from '../../src/server/redis-launcher.ts';
import { seriesValue } from '../helpers/metrics.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { WidgetTestClient } from '../helpers/ws-client.ts';

const HTTP_TOKEN = 'http-token-0123456789';
const METRICS_TOKEN = 'metrics-token-0123456789';

/** Polls until `check` holds (bounded); returns whether it did. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('/metrics, /healthz and /readyz without a metrics token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { HTTP_CHANNEL_TOKEN: HTTP_TOKEN } });
  });
  afterAll(async () => {
    await server.close();
  });

  const scrape = async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };
  const post = (customerId: string, text: string) =>
    fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${HTTP_TOKEN}` },
      body: JSON.stringify({ customerId, text, language: 'en' }),
    });

  it('answers this machine only, and not through a proxy', async () => {
    const local = await fetch(`${server.url}/metrics`);
    expect(local.status).toBe(200);
    expect(local.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await local.text()).toMatch(/^nodejs_eventloop_lag_seconds /m);

    const proxied = await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    expect(proxied.status).toBe(401);
    expect(await proxied.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    const remote = await server.hamdel.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.9',
    });
    expect(remote.statusCode).toBe(401);
    expect(remote.json()).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('METRICS_TOKEN'),
    });
  });

  it('counts a real turn: whole-turn and per-step latency, the decision', async () => {
    const before = await scrape();
    const turns = seriesValue(before, 'hamdel_turns_total', { outcome: 'ok' }) ?? 0;
    const answered =
      seriesValue(before, 'hamdel_decisions_total', { decision: 'answer', language: 'en' }) ?? 0;
    const response = await post(`c-${randomUUID()}`, 'How long does a refund take?');
    expect(response.status).toBe(200);

    const after = await scrape();
    expect(seriesValue(after, 'hamdel_turns_total', { outcome: 'ok' })).toBe(turns + 1);
    expect(seriesValue(after, 'hamdel_turn_duration_seconds_count', { outcome: 'ok' })).toBe(turns + 1);
    expect(seriesValue(after, 'hamdel_decisions_total', { decision: 'answer', language: 'en' })).toBe(
      answered + 1,
    );
    for (const step of ['chooseLanguage', 'assessMood', 'greet', 'personRequest', 'answerFromKnowledge']) {
      expect(seriesValue(after, 'hamdel_dialog_step_duration_seconds_count', { step }), step).toBeGreaterThan(
        0,
      );
    }
    expect(
      seriesValue(after, 'hamdel_dialog_step_duration_seconds_bucket', { step: 'greet', le: '+Inf' }),
    ).toBe(seriesValue(after, 'hamdel_dialog_step_duration_seconds_count', { step: 'greet' }));
    expect(seriesValue(after, 'hamdel_redis_errors_total', { connection: 'commands' })).toBe(0);
  });

  it('counts an escalation, shows the line per pool and the agents online', async () => {
    const response = await post(`c-${randomUUID()}`, 'I want to talk to a person');
    expect(response.status).toBe(200);
    await server.hamdel.human.presence.heartbeat(`agent-${randomUUID().slice(0, 8)}`);

    const text = await scrape();
    expect(seriesValue(text, 'hamdel_escalations_total', { reason: 'customer-asked' })).toBe(1);
    expect(seriesValue(text, 'hamdel_handoff_waiting', { pool: 'handoff.default.en' })).toBe(1);
    expect(
      seriesValue(text, 'hamdel_handoff_oldest_wait_seconds', { pool: 'handoff.default.en' }),
    ).toBeGreaterThanOrEqual(0);
    expect(seriesValue(text, 'hamdel_agents', { status: 'online' })).toBe(1);
  });

  it('counts open widget sockets', async () => {
    const before = seriesValue(await scrape(), 'hamdel_sockets_open', { kind: 'widget' });
    expect(before).toBe(0);
    const client = await WidgetTestClient.connect(server.url);
    expect(seriesValue(await scrape(), 'hamdel_sockets_open', { kind: 'widget' })).toBe(1);
    await client.close();
    const closed = await eventually(
      async () => seriesValue(await scrape(), 'hamdel_sockets_open', { kind: 'widget' }) === 0,
    );
    expect(closed).toBe(true);
  });

  it('is alive always, ready until it drains', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, checks: { redis: true, content: true, draining: false } });

    server.hamdel.readiness.setDraining();
    try {
      const draining = await fetch(`${server.url}/readyz`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toEqual({
        code: 'NOT_READY',
        message: expect.stringContaining('shutting down'),
        checks: { redis: true, content: true, draining: true },
      });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      server.hamdel.readiness.setDraining(false);
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});

describe('/metrics with a metrics token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('wants the bearer token from everyone, this machine included', async () => {
    const get = (authorization?: string) =>
      server.hamdel.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '203.0.113.9',
        headers: authorization ? { authorization } : {},
      });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await get()).statusCode).toBe(401);
    expect((await get(`Bearer ${METRICS_TOKEN}x`)).statusCode).toBe(401);
    const ok = await get(`Bearer ${METRICS_TOKEN}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('hamdel_turns_total');
  });
});

describe('/readyz and /metrics while Redis is away', () => {
  let dataDir: string;
  let url: string;
  let redis: LocalRedis | undefined;
  let server: TestServer;
  const start = () => ensureRedis(url, { autostart: true, dataDir, log: () => undefined });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hamdel-obs-'));
    url = `redis://127.0.0.1:${21_000 + Math.floor(Math.random() * 8_000)}`;
    redis = await start();
    server = await startTestServer({ env: { REDIS_URL: url } });
  });
  afterAll(async () => {
    redis ??= await start();
    await server.close({ keepData: true }); // the data dies with this Redis
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads as not ready with redis:false, keeps serving /metrics and counts Redis errors, then recovers', async () => {
    await redis?.stop();
    redis = undefined;

    const readyz = () => server.hamdel.app.inject({ method: 'GET', url: '/readyz' });
    const down = await readyz();
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({
      code: 'NOT_READY',
      checks: { redis: false, content: true, draining: false },
    });
    expect((await server.hamdel.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    const errorsCounted = await eventually(async () => {
      const text = (await server.hamdel.app.inject({ method: 'GET', url: '/metrics' })).body;
      return (seriesValue(text, 'hamdel_redis_errors_total', { connection: 'commands' }) ?? 0) > 0;
    });
    expect(errorsCounted).toBe(true);
    const metrics = await server.hamdel.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).not.toMatch(/^hamdel_agents\{/m);

    redis = await start();
    expect(await eventually(async () => (await readyz()).statusCode === 200, 15_000)).toBe(true);
  });
});
