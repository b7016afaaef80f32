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
});
