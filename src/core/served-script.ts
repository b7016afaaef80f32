/**
 * A browser script as the server sends it: its bytes compressed once (gzip and brotli at their best
 * settings, when the script is first asked for) and named by its content (a hash of the text), so that
 * every request after the first costs no compression and a browser that has it gets `304 Not Modified`.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export type ContentEncoding = 'br' | 'gzip' | 'identity';

export interface ServedScript {
  /** The first 16 hex digits of the text's SHA-256: the content-hashed name's middle, the ETag's core. */
  readonly hash: string;
  readonly text: string;
  /** The same script in each encoding. */
  readonly bodies: Readonly<Record<ContentEncoding, Buffer>>;
}

/** Where a route gets its script (browser-bundle.ts `cachedBundle`): loaded and compressed once. */
export type ScriptSource = () => Promise<ServedScript>;

/** The script with its compressed forms (gzip level 9, brotli quality 11, both off the event loop). */
export async function serveableScript(text: string): Promise<ServedScript> {
  const identity = Buffer.from(text, 'utf8');
  const [gzipped, brotli] = await Promise.all([
    gzipAsync(identity, { level: 9 }),
    brotliAsync(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  ]);
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  return { hash, text, bodies: { br: brotli, gzip: gzipped, identity } };
}

/**
 * The encoding to send for an Accept-Encoding header: brotli, else gzip, when the client accepts it
 * (a `q=0` refuses; `*` accepts what is not named), else none.
 */
export function chooseEncoding(acceptEncoding: string | undefined): ContentEncoding {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [rawName = '', ...params] = part.toLowerCase().split(';');
    const name = rawName.trim();
    if (!name) continue;
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const accepted = (name: string) => (weights.get(name) ?? weights.get('*') ?? 0) > 0;
  if (accepted('br')) return 'br';
  if (accepted('gzip')) return 'gzip';
  return 'identity';
}

/** The ETag of one encoding's bytes (a strong validator differs between representations). */
export function scriptEtag(script: ServedScript, encoding: ContentEncoding): string {
  return encoding === 'identity' ? `"${script.hash}"` : `"${script.hash}-${encoding}"`;
}

/** Whether an If-None-Match header names this script (in any of its encodings, weak or strong). */
export function isCurrent(ifNoneMatch: string | undefined, script: ServedScript): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const value = tag.trim().replace(/^W\//, '');
    if (value === '*') return true;
    return value.replace(/^"|"$/g, '').replace(/-(br|gzip)$/, '') === script.hash;
  });
}

/**
 * Sends the script: 304 when the browser already has it, else the bytes in the best encoding the
 * browser accepts, with `Vary: Accept-Encoding`, the ETag and the given Cache-Control.
 */
export function sendScript(
  request: FastifyRequest,
  reply: FastifyReply,
  script: ServedScript,
  cacheControl: string,
): FastifyReply {
  const encoding = chooseEncoding(request.headers['accept-encoding']);
  reply.header('cache-control', cacheControl);
  reply.header('vary', 'Accept-Encoding');
  reply.header('etag', scriptEtag(script, encoding));
  if (isCurrent(request.headers['if-none-match'], script)) return reply.code(304).send();
  reply.header('content-type', 'application/javascript; charset=utf-8');
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(script.bodies[encoding]);
}

/** Cache-Control of a script at a stable address: a browser asks again each time (304 when unchanged). */
export const REVALIDATE = 'no-cache';
/** Cache-Control of a script at a content-hashed address: never changes, kept a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
