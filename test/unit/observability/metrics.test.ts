import { EventEmitter } from 'node:events';
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { Metrics } from '../../../src/observability/metrics.ts';
import { SocketCounter } from '../../../src/observability/socket-counter.ts';
import { metricValue, seriesValue } from '../../helpers/metrics.ts';

describe('Metrics', () => {
  it('keeps its metrics in a registry of its own: two instances do not clash or share values', async () => {
    const a = new Metrics({ processMetrics: false });
    const b = new Metrics({ processMetrics: false });
    a.observeTurn(0.02, 'ok');
    a.observeTurn(0.5, 'failed');
    expect(await metricValue(a, 'hamdel_turns_total', { outcome: 'ok' })).toBe(1);
    expect(await metricValue(a, 'hamdel_turns_total', { outcome: 'failed' })).toBe(1);
    expect(await metricValue(b, 'hamdel_turns_total', { outcome: 'ok' })).toBe(0);
    expect(await metricValue(a, 'hamdel_turn_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(await metricValue(a, 'hamdel_turn_duration_seconds_sum', { outcome: 'failed' })).toBe(0.5);
    expect(await globalRegistry.metrics()).not.toContain('hamdel_');
  });

  it('times wrapped turn handlers, counting a throw as failed and passing results and errors through', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const handler = metrics.timeTurns(async (text: string) => {
      if (text === 'boom') throw new Error('boom');
      return [text];
    });
    expect(await handler('hi')).toEqual(['hi']);
    await expect(handler('boom')).rejects.toThrow('boom');
    expect(await metricValue(metrics, 'hamdel_turns_total', { outcome: 'ok' })).toBe(1);
    expect(await metricValue(metrics, 'hamdel_turns_total', { outcome: 'failed' })).toBe(1);
    expect(await metricValue(metrics, 'hamdel_turn_duration_seconds_count', { outcome: 'failed' })).toBe(1);
  });

  it('counts decisions, moods, escalations (each reason once) and step times as they are told', async () => {
    const metrics = new Metrics({ processMetrics: false });
    expect(
      await metricValue(metrics, 'hamdel_decisions_total', { decision: 'abstain', language: 'ar' }),
    ).toBe(0);
    metrics.decided('abstain', 'ar');
    metrics.decided('answer', 'fa');
    metrics.decided('answer', 'fa');
    metrics.moodRead('angry', 'en');
    metrics.escalated(['anger', 'customer-asked', 'anger']);
    metrics.stepDone('greet', 0.001);
    metrics.stepDone('greet', 0.003);
    expect(
      await metricValue(metrics, 'hamdel_decisions_total', { decision: 'abstain', language: 'ar' }),
    ).toBe(1);
    expect(await metricValue(metrics, 'hamdel_decisions_total', { decision: 'answer', language: 'fa' })).toBe(
      2,
    );
    expect(await metricValue(metrics, 'hamdel_anger_levels_total', { level: 'angry', language: 'en' })).toBe(
      1,
    );
    expect(await metricValue(metrics, 'hamdel_anger_levels_total', { level: 'calm', language: 'en' })).toBe(
      0,
    );
    expect(await metricValue(metrics, 'hamdel_escalations_total', { reason: 'anger' })).toBe(1);
    expect(await metricValue(metrics, 'hamdel_escalations_total', { reason: 'customer-asked' })).toBe(1);
    expect(await metricValue(metrics, 'hamdel_escalations_total', { reason: 'needs-person' })).toBe(0);
    expect(await metricValue(metrics, 'hamdel_dialog_step_duration_seconds_count', { step: 'greet' })).toBe(
      2,
    );
    expect(await metricValue(metrics, 'hamdel_dialog_step_duration_seconds_sum', { step: 'greet' })).toBe(
      0.004,
    );
  });

  it('counts the error events of a watched connection', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const connection = new EventEmitter();
    metrics.watchRedis(connection, 'commands');
    expect(await metricValue(metrics, 'hamdel_redis_errors_total', { connection: 'commands' })).toBe(0);
    connection.emit('error', new Error('ECONNREFUSED'));
    connection.emit('error', new Error('ECONNREFUSED'));
    expect(await metricValue(metrics, 'hamdel_redis_errors_total', { connection: 'commands' })).toBe(2);
  });

  it('reads the line per pool and the agents when scraped, with ages from the clock', async () => {
    const clock = new ManualClock(1_000_000);
    const metrics = new Metrics({ processMetrics: false, clock });
    let line = [
      { pool: 'handoff.default.fa', waiting: 2, oldestEnqueuedAt: 1_000_000 - 90_000 },
      { pool: 'handoff.default.en', waiting: 0 },
    ];
    metrics.watch({
      line: async () => line,
      agents: async () => [{ status: 'online' }, { status: 'online' }, { status: 'away' }],
    });
    let text = await metrics.text();
    expect(seriesValue(text, 'hamdel_handoff_waiting', { pool: 'handoff.default.fa' })).toBe(2);
    expect(seriesValue(text, 'hamdel_handoff_waiting', { pool: 'handoff.default.en' })).toBe(0);
    expect(seriesValue(text, 'hamdel_handoff_oldest_wait_seconds', { pool: 'handoff.default.fa' })).toBe(90);
    expect(seriesValue(text, 'hamdel_handoff_oldest_wait_seconds', { pool: 'handoff.default.en' })).toBe(0);
    expect(seriesValue(text, 'hamdel_agents', { status: 'online' })).toBe(2);
    expect(seriesValue(text, 'hamdel_agents', { status: 'away' })).toBe(1);
    expect(seriesValue(text, 'hamdel_agents', { status: 'offline' })).toBe(0);

    clock.advance(30_000);
    line = [{ pool: 'handoff.default.fa', waiting: 1, oldestEnqueuedAt: 1_000_000 - 10_000 }];
    text = await metrics.text();
    expect(seriesValue(text, 'hamdel_handoff_waiting', { pool: 'handoff.default.fa' })).toBe(1);
    expect(seriesValue(text, 'hamdel_handoff_oldest_wait_seconds', { pool: 'handoff.default.fa' })).toBe(40);
    expect(seriesValue(text, 'hamdel_handoff_waiting', { pool: 'handoff.default.en' })).toBeUndefined();
  });

  it('still answers a scrape when a source fails or never answers, leaving its figures out', async () => {
    const metrics = new Metrics({ processMetrics: false, readTimeoutMs: 50 });
    metrics.watch({
      line: () => new Promise(() => undefined), // Redis away: the read hangs
      agents: async () => {
        throw new Error('Connection is closed.');
      },
    });
    const text = await metrics.text();
    expect(text).not.toMatch(/^hamdel_handoff_waiting\{/m);
    expect(text).not.toMatch(/^hamdel_agents\{/m);
    // Counted once per failed read (shown from the next scrape on: counters are written as reads go on).
    expect(await metricValue(metrics, 'hamdel_metrics_read_errors_total', { source: 'line' })).toBe(1);
    expect(await metricValue(metrics, 'hamdel_metrics_read_errors_total', { source: 'agents' })).toBe(1);
    expect(text).toContain('hamdel_turns_total');
  });

  it('counts open sockets by kind from the upgrade request path until they close', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const sockets = new SocketCounter();
    const server = new EventEmitter();
    sockets.watch(server);
    metrics.watch({ sockets });
    const open = (url: string) => {
      const socket = new EventEmitter();
      server.emit('connection', socket, { url });
      return socket;
    };
    const widget1 = open('/ws?customer=abcdefgh&lang=fa');
    open('/ws?customer=ijklmnop');
    const agent = open('/agent/ws');
    open('/somewhere-else');
    let text = await metrics.text();
    expect(seriesValue(text, 'hamdel_sockets_open', { kind: 'widget' })).toBe(2);
    expect(seriesValue(text, 'hamdel_sockets_open', { kind: 'console' })).toBe(1);
    widget1.emit('close');
    widget1.emit('close');
    agent.emit('close');
    text = await metrics.text();
    expect(seriesValue(text, 'hamdel_sockets_open', { kind: 'widget' })).toBe(1);
    expect(seriesValue(text, 'hamdel_sockets_open', { kind: 'console' })).toBe(0);
  });

  it("includes Node's process metrics, event-loop lag among them, unless turned off", async () => {
    const withProcess = await new Metrics().text();
    expect(withProcess).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(withProcess).toMatch(/^process_cpu_seconds_total /m);
    expect(await new Metrics({ processMetrics: false }).text()).not.toContain('nodejs_eventloop_lag_seconds');
  });
});
