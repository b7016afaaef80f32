/**
 * Browser scripts as a real hamdel server sends them: compressed (brotli, gzip, or none, as asked), with an
 * ETag that a second request turns into 304, the widget's stable embed address cached briefly and its
 * content-hashed address for a year.
 */
import { request as httpRequest } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A GET with exactly these headers (fetch would decompress and hide Content-Encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const SCRIPTS = [
  '/widget.js',
  '/widget-panel.js',
  '/agent/console.js',
  '/admin/admin.js',
  '/supervisor/supervisor.js',
  '/editor/editor.js',
];

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe('browser scripts on the wire', () => {
  it.each(SCRIPTS)(
    '%s: brotli, gzip or plain as asked, the same script, and 304 once the browser has it',
    async (path) => {
      const plain = await get(`${server.url}${path}`);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-type']).toBe('application/javascript; charset=utf-8');
      expect(plain.headers['vary']).toMatch(/accept-encoding/i);
      const text = plain.body.toString('utf8');
      expect(text.length).toBeGreaterThan(2_000); // the whole script (the editor's is the smallest)

      const br = await get(`${server.url}${path}`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect((await promisify(brotliDecompress)(br.body)).toString('utf8')).toBe(text);
      expect(br.body.length).toBeLessThan(plain.body.length / 2);

      const gz = await get(`${server.url}${path}`, { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect((await promisify(gunzip)(gz.body)).toString('utf8')).toBe(text);

      const etag = String(br.headers['etag']);
      expect(etag).toMatch(/^"[0-9a-f]{16}-br"$/);
      const again = await get(`${server.url}${path}`, { 'accept-encoding': 'br', 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers['etag']).toBe(etag);
      const stale = await get(`${server.url}${path}`, { 'if-none-match': '"0000000000000000"' });
      expect(stale.status).toBe(200);
      expect(stale.body.toString('utf8')).toBe(text);
    },
  );

  it('page scripts are checked again on every use; the widget is kept 5 minutes at its embed address', async () => {
    for (const path of SCRIPTS.slice(1)) {
      expect((await get(`${server.url}${path}`)).headers['cache-control'], path).toBe('no-cache');
    }
    const widget = await get(`${server.url}/widget.js`);
    expect(widget.headers['cache-control']).toBe('public, max-age=300');
    expect(widget.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('serves the widget under its content hash for a year, and sends an unknown hash to /widget.js', async () => {
    const stable = await get(`${server.url}/widget.js`, { 'accept-encoding': 'br' });
    const hash = String(stable.headers['etag']).replace(/^"|-br"$/g, '');
    const hashed = await get(`${server.url}/widget.${hash}.js`, { 'accept-encoding': 'br' });
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(hashed.body.equals(stable.body)).toBe(true);

    const old = await get(`${server.url}/widget.${'0'.repeat(16)}.js`);
    expect(old.status).toBe(302);
    expect(old.headers['location']).toBe('widget.js');
    expect(old.headers['cache-control']).toBe('no-cache');
    expect((await get(`${server.url}/widget.nothash.js`)).status).toBe(404);
  });

  it("serves the widget's panel at the address the launcher names, for a year, and sends an unknown hash to it", async () => {
    const launcher = (await get(`${server.url}/widget.js`)).body.toString('utf8');
    const address = /"panel":"(\/widget-panel\.[0-9a-f]{16}\.js)"/.exec(launcher)?.[1];
    expect(address).toBeDefined();
    const panel = await get(`${server.url}${address}`, { 'accept-encoding': 'gzip, br' });
    expect(panel.status).toBe(200);
    expect(panel.headers['content-encoding']).toBe('br');
    expect(panel.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(panel.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const text = (await promisify(brotliDecompress)(panel.body)).toString('utf8');
    expect(text).toContain('hamdel-panel-1');
    expect(text.length).toBeGreaterThan(20_000);
    expect(text).toContain('hamdel-title');
    expect(launcher).not.toContain('hamdel-title'); // the chat itself is not in the launcher

    const old = await get(`${server.url}/widget-panel.${'0'.repeat(16)}.js`);
    expect(old.status).toBe(302);
    expect(old.headers['location']).toBe(address?.slice(1));
    expect(old.headers['cache-control']).toBe('no-cache');
    const current = await get(`${server.url}/widget-panel.js`);
    expect(current.headers['cache-control']).toBe('no-cache');
    expect(current.body.toString('utf8')).toBe(text);
  });
});
