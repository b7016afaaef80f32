import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.ts';
import { isHamdelError } from '../../../src/core/errors.ts';

describe('settings from the environment', () => {
  it('has sensible local defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, REDIS_URL: 'redis://127.0.0.1:6379', ALLOWED_ORIGINS: ['*'] });
  });

  it('reads values and lists', () => {
    const config = loadConfig({ PORT: '8080', ALLOWED_ORIGINS: 'https://a.example, https://b.example' });
    expect(config.PORT).toBe(8080);
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });

  it('stops on a bad value with a message that names the variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'http://localhost' });
    } catch (e) {
      error = e;
    }
    expect(isHamdelError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('PORT="eighty"');
    expect((error as Error).message).toContain('REDIS_URL');
  });

  it('reads the digit policy, Persian and Arabic-Indic digits by default', () => {
    expect(loadConfig({})).toMatchObject({ DIGITS_FA: 'persian', DIGITS_AR: 'arabic' });
    expect(loadConfig({ DIGITS_FA: 'latin', DIGITS_AR: 'latin' })).toMatchObject({
      DIGITS_FA: 'latin',
      DIGITS_AR: 'latin',
    });
    expect(() => loadConfig({ DIGITS_FA: 'arabic' })).toThrow(/DIGITS_FA="arabic"/);
  });

  it('takes a Unix socket as REDIS_URL', () => {
    expect(loadConfig({ REDIS_URL: 'unix:///run/redis/redis.sock' }).REDIS_URL).toBe(
      'unix:///run/redis/redis.sock',
    );
  });

  it('reads TRUST_PROXY as a switch or a list of proxy addresses', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });

  it('finds the sample content from the package, not from the working directory', () => {
    const expected = fileURLToPath(new URL('../../../content', import.meta.url));
    expect(path.resolve(loadConfig({}).CONTENT_DIR)).toBe(path.resolve(expected));
    expect(loadConfig({ CONTENT_DIR: './site-content' }).CONTENT_DIR).toBe('./site-content');
  });

  it('reads the connection limits, 0 meaning no limit, and TRUST_PROXY as a switch or a list of proxies', () => {
    expect(loadConfig({})).toMatchObject({
      WIDGET_REPLAY_LIMIT: 200,
      WIDGET_CONNECTIONS_PER_IP: 50,
      SOCKET_SEND_BUFFER_BYTES: 1024 * 1024,
      TRUST_PROXY: false,
    });
    expect(loadConfig({ WIDGET_CONNECTIONS_PER_IP: '0' }).WIDGET_CONNECTIONS_PER_IP).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).TRUST_PROXY).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
    ]);
    expect(() => loadConfig({ WIDGET_REPLAY_LIMIT: '0' })).toThrow(/WIDGET_REPLAY_LIMIT/);
  });
});
