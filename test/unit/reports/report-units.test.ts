import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextDay, startOfDay } from '../../../src/core/time-zone.ts';
import { SLOT_MS } from '../../../src/reports/report-keys.ts';
import {
  blocksOf,
  dayNumber,
  dayOfNumber,
  daysOfBlock,
  signedUnits,
  type SignedUnit,
  type SlotRun,
} from '../../../src/reports/report-units.ts';

/** How many times each slot is counted by signed units (a day counts each of its slots once). */
function coverage(units: readonly SignedUnit[], runs: readonly SlotRun[], tz: string): Map<number, number> {
  const counted = new Map<number, number>();
  const add = (slot: number, sign: number) => counted.set(slot, (counted.get(slot) ?? 0) + sign);
  for (const unit of units) {
    if (unit.kind === 'slot') add(unit.id as number, unit.sign);
    else {
      const end = startOfDay(nextDay(unit.id as string), tz);
      for (let s = startOfDay(unit.id as string, tz); s < end; s += SLOT_MS) add(s, unit.sign);
    }
  }
  for (const run of runs) for (let s = run.start; s < run.end; s += SLOT_MS) add(s, run.sign);
  return counted;
}

describe('signed units', () => {
  for (const business of ['UTC', 'Asia/Tehran', 'Europe/Berlin']) {
    it(`count every slot of a range once and none outside it (business zone ${business})`, () => {
      const base = Date.UTC(2026, 2, 20); // spans Europe's DST change
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 500 }),
          fc.integer({ min: 1, max: 700 }),
          fc.boolean(),
          (a, n, useRuns) => {
            const from = base + a * SLOT_MS;
            const to = from + n * SLOT_MS;
            const units: SignedUnit[] = [];
            const runs: SlotRun[] = [];
            signedUnits(from, to, business, units, undefined, useRuns ? runs : undefined);
            const counted = coverage(units, runs, business);
            for (const [slot, count] of counted) expect(count).toBe(slot >= from && slot < to ? 1 : 0);
            for (let s = from; s < to; s += SLOT_MS) expect(counted.get(s)).toBe(1);
            // And never more reads than slots, plus one.
            expect(units.length + runs.length).toBeLessThanOrEqual(n + 1);
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it('reads a Tehran day as one UTC day hash and one run of 7 slots on each side', () => {
    const units: SignedUnit[] = [];
    const runs: SlotRun[] = [];
    const from = startOfDay('2026-05-10', 'Asia/Tehran');
    signedUnits(from, from + 86_400_000, 'UTC', units, undefined, runs);
    expect(units).toEqual([{ kind: 'day', id: '2026-05-10', sign: 1 }]);
    expect(runs.map((r) => [r.day, (r.end - r.start) / SLOT_MS, r.sign])).toEqual([
      ['2026-05-09', 7, 1],
      ['2026-05-10', 7, -1],
    ]);
  });
});

describe('blocks of days', () => {
  it('splits a run of days into aligned 28- and 7-day blocks and loose days, covering each day once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20_000, max: 21_000 }), fc.integer({ min: 1, max: 120 }), (first, n) => {
        const days = Array.from({ length: n }, (_, i) => dayOfNumber(first + i));
        const { blocks, loose } = blocksOf(days);
        const covered = [...loose, ...blocks.flatMap((b) => daysOfBlock(b.size, b.index))].sort();
        expect(covered).toEqual(days);
        for (const b of blocks) expect(dayNumber(daysOfBlock(b.size, b.index)[0] as string) % b.size).toBe(0);
      }),
    );
  });
});
