/**
 * Another site that embeds the widget, for browser tests: a small HTTP server on its own port (so its
 * origin differs from hamdel's) serving a page with the documented one-tag snippet, the page's own
 * stylesheet and (a classic script that holds up parsing, last in the body) script, under the Content-Security-Policy the test gives.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostSite {
  readonly url: string;
  close(): Promise<void>;
}

export interface HostSiteOptions {
  /** hamdel's origin, where the snippet loads /widget.js from. */
  readonly hamdel: string;
  /** The host page's Content-Security-Policy header (none: no policy). */
  readonly csp?: string;
  /** The host page's own stylesheet, served from /host.css. */
  readonly css?: string;
  /** The snippet's attributes besides src (default `async data-lang="fa"`). */
  readonly attributes?: string;
  /** The script's path on hamdel (default `/widget.js`; `/widget.<hash>.js` for the content-hashed one). */
  readonly scriptPath?: string;
  /** The page's viewport meta content (default `width=device-width, initial-scale=1`). */
  readonly viewport?: string;
}

/** The page's own script, last in its body: notes that it ran, and whether the widget was built before it. */
const HOST_SCRIPT = `document.body.dataset.hostScript = 'ran';
document.body.dataset.widgetBefore = String(document.querySelector('hamdel-chat') !== null);`;

/**
 * `/with-widget` is the page with the snippet, `/plain` the same page without it. The page's own script
 * (`/host.js`) marks its elements; both pages have a heading, a paragraph, a button and a link.
 */
export async function startHostSite(o: HostSiteOptions): Promise<HostSite> {
  const attributes = o.attributes ?? 'async data-lang="fa"';
  const viewport = o.viewport ?? 'width=device-width, initial-scale=1';
  const page = (snippet: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="${viewport}">
<title>A shop</title><link rel="stylesheet" href="/host.css">
${snippet}</head>
<body><h1>A shop</h1><p class="lead">Things for sale.</p><button type="button" class="buy">Buy</button>
<a href="#more">More</a><div class="box"><span>inside a box</span></div><script src="/host.js"></script></body></html>`;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    const send = (type: string, body: string) => {
      response.writeHead(200, {
        'content-type': `${type}; charset=utf-8`,
        'cache-control': 'no-store',
        ...(o.csp ? { 'content-security-policy': o.csp } : {}),
      });
      response.end(body);
    };
    if (path === '/with-widget')
      send(
        'text/html',
        page(`<script src="${o.hamdel}${o.scriptPath ?? '/widget.js'}" ${attributes}></script>`),
      );
    else if (path === '/plain') send('text/html', page(''));
    else if (path === '/host.css') send('text/css', o.css ?? '');
    else if (path === '/host.js') send('text/javascript', HOST_SCRIPT);
    else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
