import { describe, expect, it } from 'vitest';
import { checkSameOrigin, checkUpgradeOrigin } from '../../../src/agents/same-origin.ts';

const json = 'application/json; charset=utf-8';

describe('same-origin guard', () => {
  it('lets reads through whatever their origin', () => {
    expect(checkSameOrigin('GET', { origin: 'https://evil.example', host: 'desk.example' })).toEqual({
      ok: true,
    });
  });

  it('accepts a JSON POST from this host, or without browser headers', () => {
    expect(
      checkSameOrigin('POST', { origin: 'https://desk.example', host: 'desk.example', 'content-type': json })
        .ok,
    ).toBe(true);
    expect(
      checkSameOrigin('POST', {
        origin: 'http://127.0.0.1:3000',
        host: '127.0.0.1:3000',
        'content-type': json,
      }).ok,
    ).toBe(true);
    expect(checkSameOrigin('POST', { host: 'desk.example', 'content-type': 'application/json' }).ok).toBe(
      true,
    );
    expect(checkSameOrigin('POST', { 'sec-fetch-site': 'same-origin', 'content-type': json }).ok).toBe(true);
  });

  it('refuses another origin, a cross-site fetch and an opaque origin', () => {
    expect(
      checkSameOrigin('POST', { origin: 'https://evil.example', host: 'desk.example', 'content-type': json }),
    ).toMatchObject({ ok: false, status: 403 });
    expect(
      checkSameOrigin('POST', {
        origin: 'http://desk.example:8080',
        host: 'desk.example',
        'content-type': json,
      }),
    ).toMatchObject({ ok: false, status: 403 });
    expect(checkSameOrigin('PATCH', { 'sec-fetch-site': 'cross-site', 'content-type': json })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkSameOrigin('DELETE', { 'sec-fetch-site': 'same-site' })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      checkSameOrigin('POST', { origin: 'null', host: 'desk.example', 'content-type': json }),
    ).toMatchObject({ ok: false });
  });

  it('refuses a body a form could send', () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      undefined,
    ]) {
      expect(checkSameOrigin('POST', { host: 'desk.example', 'content-type': type })).toMatchObject({
        ok: false,
        status: 415,
      });
    }
  });

  it('accepts a trusted origin (a proxy in front)', () => {
    const verdict = checkSameOrigin(
      'POST',
      { origin: 'https://support.example', host: 'internal:3000', 'content-type': json },
      ['https://support.example'],
    );
    expect(verdict.ok).toBe(true);
  });
});

describe('same-origin guard, ports', () => {
  it('treats a default port as the same host', () => {
    const post = (origin: string, host: string) =>
      checkSameOrigin('POST', { origin, host, 'content-type': 'application/json' }).ok;
    expect(post('http://localhost', 'localhost:80')).toBe(true);
    expect(post('https://desk.example', 'desk.example:443')).toBe(true);
    expect(post('https://desk.example:443', 'desk.example')).toBe(true);
    expect(post('https://desk.example', 'desk.example:80')).toBe(false);
    expect(post('https://Desk.Example', 'desk.example')).toBe(true);
    expect(post('https://desk.example', 'desk.example@evil.example')).toBe(false);
  });
});

describe("the console socket's upgrade", () => {
  it('takes this host, a trusted origin, or no Origin (not a browser); refuses other origins', () => {
    const host = 'desk.example';
    expect(checkUpgradeOrigin({ origin: 'https://desk.example', host }).ok).toBe(true);
    expect(checkUpgradeOrigin({ host }).ok).toBe(true);
    expect(checkUpgradeOrigin({ origin: 'https://proxy.example', host }, ['https://proxy.example']).ok).toBe(
      true,
    );
    for (const origin of [
      'https://evil.example',
      'https://chat.desk.example',
      'null',
      'http://desk.example:8080',
    ]) {
      expect(checkUpgradeOrigin({ origin, host }), origin).toMatchObject({ ok: false, status: 403 });
    }
  });
});
