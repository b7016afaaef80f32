/**
 * Per-team SLA targets: a team of teams.yaml may set `slaWaitSeconds`; others use SLA_WAIT_SECONDS. Waits
 * are recorded through the real recorder into real Redis and read back by team.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.ts';
import { businessHours } from '../../../src/handoff/business-hours.ts';
import { createReports } from '../../../src/reports/reports.ts';
import type { ReportEvent } from '../../../src/reports/report-event.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';

describe('SLA breaches by team', () => {
  let redis: ReturnType<typeof connectRedis>;
  const prefix = randomPrefix();
  const now = Date.UTC(2026, 4, 10, 12);

  beforeEach(() => {
    redis = connectRedis();
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it("counts a wait over the team's own target, and over SLA_WAIT_SECONDS for a team without one", async () => {
    const week = { mon: [['09:00', '17:00']] };
    const teams = new Map([
      ['billing', businessHours({ timezone: 'UTC', weekly: week, slaWaitSeconds: 60 })],
      ['default', businessHours({ timezone: 'UTC', weekly: week })],
    ]);
    const config = loadConfig({ KEY_PREFIX: prefix, SLA_WAIT_SECONDS: '300' });
    const reports = createReports(config, redis, { now: () => now }, undefined, () => teams);
    const wait = (team: string, seconds: number, type: 'taken' | 'left-line' = 'taken'): ReportEvent => ({
      type,
      at: now - 3_600_000,
      conversationId: `${team}-${seconds}`,
      channel: 'web',
      team,
      durationMs: seconds * 1000,
      ...(type === 'taken' ? { agentId: 'sara' } : {}),
    });
    await reports.recorder.record([
      wait('billing', 45),
      wait('billing', 90), // over billing's 60 s
      wait('billing', 120, 'left-line'), // over too
      wait('default', 90), // under the 300 s default
      wait('default', 400), // over it
    ]);
    const { groups, total } = await reports.reader.figures({
      from: now - 86_400_000,
      to: now,
      groupBy: 'team',
      tz: 'UTC',
      weekStart: 1,
    });
    const byTeam = Object.fromEntries(groups.map((g) => [g.key, g.sla]));
    expect(byTeam).toEqual({
      billing: { breaches: 2, targetMs: 60_000 },
      default: { breaches: 1, targetMs: 300_000 },
    });
    expect(total.sla).toEqual({ breaches: 3, targetMs: 300_000 });
  });

  it('refuses a team target that is not a positive whole number of seconds', () => {
    expect(() =>
      businessHours({ timezone: 'UTC', weekly: { mon: [['09:00', '17:00']] }, slaWaitSeconds: 0 }),
    ).toThrow(/slaWaitSeconds/);
  });
});
