import { describe, expect, it } from 'vitest';
import {
  checkCallbackUrl,
  guardedLookup,
  isPrivateAddress,
} from '../../../src/adapters/http/callback-url.ts';
import { signCallback, verifyCallback } from '../../../src/adapters/http/callback-signature.ts';
import { loadConfig } from '../../../src/core/config.ts';
import { isHamdelError } from '../../../src/core/errors.ts';

const SECRET = 'callback-secret-0123456789abcdef0123456789';

function refusedReason(url: string, allowInsecure: boolean): string | undefined {
  try {
    checkCallbackUrl(url, allowInsecure);
    return undefined;
  } catch (error) {
    if (!isHamdelError(error, 'CALLBACK_URL_INVALID')) throw error;
    return error.message;
  }
}

function configRefusal(env: Record<string, string>): unknown {
  try {
    loadConfig(env);
  } catch (error) {
    if (isHamdelError(error, 'CONFIG_INVALID')) return error.context.variables;
    throw error;
  }
  return undefined;
}

describe('callback URLs an integrator may register', () => {
  it('takes public https URLs and refuses the rest in production, saying why', () => {
    expect(refusedReason('https://hooks.shop.example/hamdel', false)).toBeUndefined();
    expect(refusedReason('https://93.184.216.34/hook', false)).toBeUndefined();
    expect(refusedReason('http://hooks.shop.example/hamdel', false)).toMatch(/https/);
    for (const host of [
      'localhost',
      'api.localhost',
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '[::1]',
      '[fd00::1]',
      '[fe80::1]',
      '[::ffff:10.0.0.1]',
    ]) {
      expect(refusedReason(`https://${host}/hook`, false), host).toMatch(/public address/);
    }
    expect(refusedReason('https://user:pw@hooks.shop.example/', false)).toMatch(/user name/);
    expect(refusedReason('nonsense', false)).toMatch(/not a URL/);
  });

  it('allows http and loopback only when insecure callbacks are allowed (development)', () => {
    expect(refusedReason('http://127.0.0.1:8080/hook', true)).toBeUndefined();
    expect(refusedReason('ftp://127.0.0.1/hook', true)).toMatch(/https/);
  });

  it('tells private addresses from public ones', () => {
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2606:4700::1111')).toBe(false);
    expect(isPrivateAddress('172.32.0.1')).toBe(false);
    expect(isPrivateAddress('172.31.255.255')).toBe(true);
  });

  it('refuses at connection time a name that resolves to a private address', async () => {
    const error = await new Promise<unknown>((resolve) =>
      guardedLookup('localhost', {}, (failure) => resolve(failure)),
    );
    expect(error).toMatchObject({ code: 'CALLBACK_ADDRESS_REFUSED' });
  });
});

describe('callback signatures', () => {
  it('signs v1:<timestamp>:<body> and verifies within five minutes only', () => {
    const body = '{"sequence":1}';
    const signature = signCallback(SECRET, 1_765_000_000, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    const headers = { timestamp: '1765000000', signature };
    expect(verifyCallback(SECRET, headers, body, 1_765_000_000 + 300)).toBe(true);
    expect(verifyCallback(SECRET, headers, body, 1_765_000_000 + 301)).toBe(false);
    expect(verifyCallback(SECRET, headers, '{"sequence":2}', 1_765_000_000)).toBe(false);
    expect(verifyCallback(SECRET, { timestamp: '1765000001', signature }, body, 1_765_000_000)).toBe(false);
    expect(verifyCallback(SECRET, { timestamp: undefined, signature }, body, 1_765_000_000)).toBe(false);
  });

  it('the settings: a callback URL needs a secret of 32 characters, https, and no insecure mode in production', () => {
    const base = { HTTP_CHANNEL_TOKEN: 'sixteen-chars-ok' };
    expect(configRefusal({ ...base, HTTP_CHANNEL_CALLBACK_URL: 'https://hooks.shop.example/h' })).toEqual([
      'HTTP_CHANNEL_CALLBACK_SECRET',
    ]);
    expect(configRefusal({ ...base, HTTP_CHANNEL_CALLBACK_SECRET: 'short' })).toEqual([
      'HTTP_CHANNEL_CALLBACK_SECRET',
    ]);
    expect(
      configRefusal({
        ...base,
        HTTP_CHANNEL_CALLBACK_URL: 'http://hooks.shop.example/h',
        HTTP_CHANNEL_CALLBACK_SECRET: SECRET,
      }),
    ).toEqual(['HTTP_CHANNEL_CALLBACK_URL']);
    expect(
      configRefusal({
        NODE_ENV: 'production',
        ALLOWED_ORIGINS: 'https://shop.example',
        HTTP_CHANNEL_CALLBACK_INSECURE: 'true',
      }),
    ).toEqual(['HTTP_CHANNEL_CALLBACK_INSECURE']);
    const ok = loadConfig({
      ...base,
      HTTP_CHANNEL_CALLBACK_URL: 'https://hooks.shop.example/h',
      HTTP_CHANNEL_CALLBACK_SECRET: SECRET,
    });
    expect(ok.HTTP_CHANNEL_CALLBACK_ATTEMPTS).toBe(8);
  });
});
