import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, isCurrent, scriptEtag, serveableScript } from '../../../src/core/served-script.ts';

describe('a served script', () => {
  it('keeps the same text in each encoding, smaller compressed, named by its content', async () => {
    const text = `(function(){${'var greeting="سلام، چطور می‌توانم کمک کنم؟";'.repeat(200)}})();`;
    const script = await serveableScript(text);
    expect(script.bodies.identity.toString('utf8')).toBe(text);
    expect((await promisify(gunzip)(script.bodies.gzip)).toString('utf8')).toBe(text);
    expect((await promisify(brotliDecompress)(script.bodies.br)).toString('utf8')).toBe(text);
    expect(script.bodies.gzip.length).toBeLessThan(script.bodies.identity.length / 5);
    expect(script.bodies.br.length).toBeLessThanOrEqual(script.bodies.gzip.length);
    expect(script.hash).toMatch(/^[0-9a-f]{16}$/);
    expect((await serveableScript(text)).hash).toBe(script.hash);
    expect((await serveableScript(`${text} `)).hash).not.toBe(script.hash);
  });

  it('picks brotli, else gzip, as the browser accepts them', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('BR ; q=1.0')).toBe('br');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('identity')).toBe('identity');
    expect(chooseEncoding('gzip;q=0')).toBe('identity');
    expect(chooseEncoding('')).toBe('identity');
    expect(chooseEncoding(undefined)).toBe('identity');
  });

  it('knows its own ETags, in any encoding, weak or strong', async () => {
    const script = await serveableScript('var a = 1;');
    const other = await serveableScript('var a = 2;');
    for (const encoding of ['br', 'gzip', 'identity'] as const) {
      const etag = scriptEtag(script, encoding);
      expect(isCurrent(etag, script)).toBe(true);
      expect(isCurrent(`W/${etag}`, script)).toBe(true);
      expect(isCurrent(`"x", ${etag}`, script)).toBe(true);
      expect(isCurrent(etag, other)).toBe(false);
    }
    expect(scriptEtag(script, 'br')).not.toBe(scriptEtag(script, 'gzip'));
    expect(isCurrent('*', script)).toBe(true);
    expect(isCurrent(undefined, script)).toBe(false);
    expect(isCurrent('"nonsense"', script)).toBe(false);
  });
});
