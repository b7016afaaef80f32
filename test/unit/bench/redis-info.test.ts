import { describe, expect, it } from 'vitest';
import { poissonSchedule } from '../../../bench/load/arrivals.ts';
import { diffInfo, parseInfo } from '../../../bench/load/redis-info.ts';

const INFO = (calls: number, reads: number, memory: number) =>
  [
    '# Stats',
    `total_reads_processed:${reads}`,
    '# Memory',
    `used_memory:${memory}`,
    '# Commandstats',
    `cmdstat_get:calls=${calls},usec=10,usec_per_call=1.00,rejected_calls=0,failed_calls=0`,
    'cmdstat_info:calls=7,usec=10,usec_per_call=1.00,rejected_calls=0,failed_calls=0',
    `cmdstat_client|setname:calls=2,usec=1,usec_per_call=0.50,rejected_calls=0,failed_calls=0`,
    '# Keyspace',
    'db0:keys=12,expires=3,avg_ttl=0',
  ].join('\r\n');

describe('the load bench reading Redis INFO', () => {
  it('counts calls per command without its own INFO calls, and reads, memory and keys', () => {
    const info = parseInfo(INFO(5, 100, 1000));
    expect(Object.fromEntries(info.calls)).toEqual({ get: 5, 'client|setname': 2 });
    expect(info).toMatchObject({ reads: 100, usedMemory: 1000, keys: 12 });
  });

  it('diffs two snapshots, leaving out the read of its own second INFO', () => {
    const delta = diffInfo(parseInfo(INFO(5, 100, 1000)), parseInfo(INFO(25, 131, 4000)));
    expect(delta).toMatchObject({ commands: 20, reads: 30, usedMemory: 3000, keys: 0 });
  });
});

describe('Poisson arrivals', () => {
  it('are seeded, ordered, inside the window and near the rate', () => {
    const times = poissonSchedule(1000, 10_000, 7);
    expect(poissonSchedule(1000, 10_000, 7)).toEqual(times);
    expect(times.every((t, i) => t >= (times[i - 1] ?? 0) && t < 10_000)).toBe(true);
    expect(times.length).toBeGreaterThan(9_500);
    expect(times.length).toBeLessThan(10_500);
  });
});
