import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { HamdelError, isHamdelError } from '../../../src/core/errors.ts';
import { reportRedisErrors, type RedisErrorReport } from '../../../src/core/redis-error-log.ts';
import { asRedisUnavailable, isRedisDown } from '../../../src/core/redis-errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('Redis errors mapped to REDIS_UNAVAILABLE in one place', () => {
  it('recognizes what ioredis and the network say when Redis is away', () => {
    const down = [
      withCode('connect ECONNREFUSED 127.0.0.1:6390', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      new Error('Connection is closed.'),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      new Error('LOADING Redis is loading the dataset in memory'),
      new HamdelError('REDIS_UNAVAILABLE', 'away'),
      new HamdelError('TURN_TIMEOUT', 'The turn failed', {}, { cause: new Error('Connection is closed.') }),
    ];
    for (const error of down) expect(isRedisDown(error), error.message).toBe(true);
  });

  it('leaves other errors alone', () => {
    const other = [
      new Error('WRONGTYPE Operation against a key holding the wrong kind of value'),
      new Error('ERR unknown command'),
      new HamdelError('TURN_TIMEOUT', 'No result in time'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      'Connection is closed.',
      undefined,
    ];
    for (const error of other) {
      expect(isRedisDown(error)).toBe(false);
      expect(asRedisUnavailable(error)).toBe(error);
    }
  });

  it('turns a real ioredis failure against a closed port into REDIS_UNAVAILABLE with the cause kept', async () => {
    const redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => (times > 3 ? null : 10),
    });
    redis.on('error', () => undefined);
    const failure = await redis.get('k').catch((error: unknown) => error);
    redis.disconnect();
    expect(failure).toBeInstanceOf(Error);
    const reported = asRedisUnavailable(failure);
    expect(isHamdelError(reported, 'REDIS_UNAVAILABLE')).toBe(true);
    expect((reported as HamdelError).cause).toBe(failure);
  });
});

describe('Redis connection errors reported at a sane rate', () => {
  it('reports the first error at once, then one summary per interval, and the recovery', () => {
    const clock = new ManualClock(0);
    const connection = new EventEmitter();
    const reports: RedisErrorReport[] = [];
    reportRedisErrors(connection, 'commands', (r) => reports.push(r), { intervalMs: 30_000, clock });

    for (let i = 0; i < 100; i += 1) {
      connection.emit('error', new Error(`connect ECONNREFUSED #${i}`));
      clock.advance(100); // ioredis retries many times a second
    }
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: 'error', connection: 'commands', count: 1 });

    clock.advance(30_000);
    connection.emit('error', new Error('connect ECONNREFUSED #100'));
    expect(reports).toHaveLength(2);
    expect(reports[1]).toMatchObject({ kind: 'error', count: 100 });

    connection.emit('error', new Error('connect ECONNREFUSED #101'));
    connection.emit('ready');
    expect(reports[2]).toEqual({ kind: 'recovered', connection: 'commands', count: 1 });

    connection.emit('ready'); // a ready without errors before is not news
    connection.emit('error', new Error('the next outage'));
    expect(reports).toHaveLength(4);
    expect(reports[3]).toMatchObject({ kind: 'error', count: 1 });
  });
});
