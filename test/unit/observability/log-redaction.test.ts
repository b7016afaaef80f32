import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.ts';

/** A real pino logger writing JSON lines into an array. */
function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level, format: 'json' }, stream), lines };
}

describe('log redaction', () => {
  it('hides credentials, cookies, tokens and visitor secrets at every level', () => {
    const { log, lines } = capture('trace');
    log.info(
      {
        req: { method: 'GET', url: '/ws?customer=v-12345678&secret=s3cr3t-value', headers: { cookie: 'x' } },
        headers: { authorization: 'Bearer abc', cookie: 'hamdel_session=abc' },
        agent: { password: 'hunter2 hunter2' },
        token: 'tok-123',
        visitorSecret: 'vs-123',
      },
      'request',
    );
    const text = JSON.stringify(lines);
    for (const secret of [
      's3cr3t-value',
      'Bearer abc',
      'hamdel_session=abc',
      'hunter2',
      'tok-123',
      'vs-123',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({ req: { url: '/ws?customer=v-12345678&secret=[redacted]' } });
  });

  it("hides a signed user's hash in a page's URL (the demo takes it from ?userHash=)", () => {
    const { log, lines } = capture('info');
    log.info({ req: { method: 'GET', url: '/?lang=ar&user=customer-42&userHash=96d936295f' } }, 'request');
    expect(JSON.stringify(lines)).not.toContain('96d936295f');
    expect(lines[0]).toMatchObject({ req: { url: '/?lang=ar&user=customer-42&userHash=[redacted]' } });
  });

  it('hides message texts above debug, and shows them at debug', () => {
    const info = capture('info');
    info.log.warn(
      { conversationId: 'web-1', text: 'my card number is 4111…', message: { text: 'private' } },
      'x',
    );
    // Not the digits alone: the line's own time, in milliseconds, may hold them.
    expect(JSON.stringify(info.lines)).not.toMatch(/card number|4111…|private/);
    expect(info.lines[0]).toMatchObject({ conversationId: 'web-1', text: '[redacted]' });
    const debug = capture('debug');
    debug.log.debug({ text: 'visible while debugging' }, 'x');
    expect(debug.lines[0]).toMatchObject({ text: 'visible while debugging' });
  });
});
