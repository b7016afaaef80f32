import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './callback-url.ts';

/** One POST of a callback body; resolves with the status, rejects on a network error or the timeout. */
export function postCallback(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  options: { readonly timeoutMs: number; readonly publicOnly: boolean },
): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.publicOnly ? { lookup: guardedLookup } : {}),
      },
      (response) => {
        response.resume(); // the body is not read; the status says it all
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
