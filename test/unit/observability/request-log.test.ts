import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.ts';
import { RequestLog, TURN_ROUTES } from '../../../src/observability/request-log.ts';

/** An app with the turn route and another one, logging JSON lines at `level` into `lines`. */
async function appLogging(level: string) {
  const lines: { msg: string; req?: { url?: string }; res?: { statusCode?: number } }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = Fastify({
    loggerInstance: createLogger({ level, format: 'json' }, sink),
    logController: new RequestLog(TURN_ROUTES),
  });
  app.post('/api/messages', async (request, reply) =>
    (request.body as { ok?: boolean }).ok ? { replies: [] } : reply.code(400).send({ code: 'BAD' }),
  );
  app.get('/healthz', async () => ({ ok: true }));
  await app.ready();
  return { app, lines };
}

describe("the request log and customers' turns", () => {
  it('writes nothing for an answered turn above debug, one line for a refused one, both for others', async () => {
    const { app, lines } = await appLogging('info');
    await app.inject({ method: 'POST', url: '/api/messages', payload: { ok: true } });
    expect(lines).toEqual([]);
    await app.inject({ method: 'POST', url: '/api/messages', payload: { ok: false } });
    expect(lines.map((l) => [l.msg, l.req?.url, l.res?.statusCode])).toEqual([
      ['request completed', '/api/messages', 400],
    ]);
    await app.inject({ method: 'GET', url: '/healthz' });
    expect(lines.slice(1).map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    await app.close();
  });

  it('writes both lines of every turn at debug', async () => {
    const { app, lines } = await appLogging('debug');
    await app.inject({ method: 'POST', url: '/api/messages', payload: { ok: true } });
    expect(lines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    await app.close();
  });
});
