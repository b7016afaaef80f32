import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.ts';
import { resolveLogFormat } from '../../../src/observability/logger.ts';
import { isLoopback, metricsAccess } from '../../../src/observability/metrics-route.ts';

describe('log format', () => {
  it('follows LOG_FORMAT; without it, pretty only on a terminal outside production', () => {
    expect(resolveLogFormat('json', {}, true)).toBe('json');
    expect(resolveLogFormat('pretty', { NODE_ENV: 'production' }, false)).toBe('pretty');
    expect(resolveLogFormat(undefined, {}, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, { NODE_ENV: 'development' }, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, { NODE_ENV: 'production' }, true)).toBe('json');
    expect(resolveLogFormat(undefined, {}, false)).toBe('json');
  });

  it('refuses an unknown LOG_FORMAT and a short METRICS_TOKEN by name', () => {
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({}).LOG_FORMAT).toBeUndefined();
  });
});

describe('who may read /metrics', () => {
  const request = (remoteAddress: string, headers: Record<string, string> = {}) => ({
    headers,
    socket: { remoteAddress },
  });
  const token = 'metrics-token-0123456789';

  it('without a token: direct loopback requests only', () => {
    expect(metricsAccess(request('127.0.0.1'), undefined)).toBe('allowed');
    expect(metricsAccess(request('::1'), undefined)).toBe('allowed');
    expect(metricsAccess(request('::ffff:127.0.0.1'), undefined)).toBe('allowed');
    expect(metricsAccess(request('10.0.0.5'), undefined)).toBe('not-local');
    expect(metricsAccess(request('::ffff:192.0.2.1'), undefined)).toBe('not-local');
    expect(metricsAccess(request('127.0.0.1', { 'x-forwarded-for': '192.0.2.1' }), undefined)).toBe(
      'not-local',
    );
    expect(metricsAccess(request('127.0.0.1', { forwarded: 'for=192.0.2.1' }), undefined)).toBe('not-local');
    expect(metricsAccess(request('127.0.0.1', { 'x-real-ip': '192.0.2.1' }), undefined)).toBe('not-local');
  });

  it('with a token: the bearer token, from anywhere', () => {
    expect(metricsAccess(request('192.0.2.1', { authorization: `Bearer ${token}` }), token)).toBe('allowed');
    expect(metricsAccess(request('127.0.0.1', { authorization: `bearer ${token}` }), token)).toBe('allowed');
    expect(metricsAccess(request('127.0.0.1'), token)).toBe('wrong-token');
    expect(metricsAccess(request('127.0.0.1', { authorization: `Bearer ${token}0` }), token)).toBe(
      'wrong-token',
    );
    expect(metricsAccess(request('127.0.0.1', { authorization: token }), token)).toBe('wrong-token');
  });

  it('knows loopback addresses', () => {
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('1.127.0.0')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});
