import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.ts';

const APP_ID = '11111111-2222-4333-8444-555555555555';

describe('the Bot Framework settings', () => {
  it("are off without an app id, and point at Microsoft's public endpoints by default", () => {
    const config = loadConfig({});
    expect(config.BOTFRAMEWORK_APP_ID).toBeUndefined();
    expect(config).toMatchObject({
      BOTFRAMEWORK_APP_TYPE: 'MultiTenant',
      BOTFRAMEWORK_LOGIN_URL: 'https://login.microsoftonline.com',
      BOTFRAMEWORK_OPENID_METADATA_URL: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
    });
  });

  it('need a password or a whole certificate', () => {
    expect(() => loadConfig({ BOTFRAMEWORK_APP_ID: APP_ID })).toThrow(
      /BOTFRAMEWORK_APP_PASSWORD=\(hidden\): is required/,
    );
    expect(loadConfig({ BOTFRAMEWORK_APP_ID: APP_ID, BOTFRAMEWORK_APP_PASSWORD: 's3cret' })).toMatchObject({
      BOTFRAMEWORK_APP_PASSWORD: 's3cret',
    });
    const thumbprint = 'AB'.repeat(20);
    expect(() =>
      loadConfig({ BOTFRAMEWORK_APP_ID: APP_ID, BOTFRAMEWORK_CERT_THUMBPRINT: thumbprint }),
    ).toThrow(/BOTFRAMEWORK_CERT_KEY_FILE/);
    const withCertificate = {
      BOTFRAMEWORK_CERT_THUMBPRINT: thumbprint,
      BOTFRAMEWORK_CERT_KEY_FILE: '/etc/bot.pem',
    };
    expect(loadConfig({ BOTFRAMEWORK_APP_ID: APP_ID, ...withCertificate })).toMatchObject(withCertificate);
    expect(() => loadConfig({ BOTFRAMEWORK_APP_ID: 'not-a-guid', BOTFRAMEWORK_APP_PASSWORD: 'x' })).toThrow(
      /BOTFRAMEWORK_APP_ID="not-a-guid"/,
    );
  });

  it('need the tenant of a single-tenant bot, and an https login service', () => {
    const bot = { BOTFRAMEWORK_APP_ID: APP_ID, BOTFRAMEWORK_APP_PASSWORD: 'x' };
    expect(() => loadConfig({ ...bot, BOTFRAMEWORK_APP_TYPE: 'SingleTenant' })).toThrow(
      /BOTFRAMEWORK_TENANT_ID/,
    );
    expect(
      loadConfig({
        ...bot,
        BOTFRAMEWORK_APP_TYPE: 'SingleTenant',
        BOTFRAMEWORK_TENANT_ID: 'contoso.example',
      }),
    ).toMatchObject({ BOTFRAMEWORK_TENANT_ID: 'contoso.example' });
    expect(() => loadConfig({ ...bot, BOTFRAMEWORK_LOGIN_URL: 'http://127.0.0.1:9' })).toThrow(
      /must be an https/,
    );
    expect(
      loadConfig({ ...bot, BOTFRAMEWORK_LOGIN_URL: 'https://login.example/' }).BOTFRAMEWORK_LOGIN_URL,
    ).toBe('https://login.example');
  });
});
