import type { RedisConnection } from '../core/redis-script.ts';
import { HamdelError } from '../core/errors.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import { announceSettingsChanged, followSettings } from './settings-follower.ts';
import { businessHours, WEEKDAYS, type BusinessHours, type BusinessHoursConfig } from './business-hours.ts';
import { parseRoutingRules, TEAM_NAME, type RoutingRule } from './routing-rules.ts';

/** A team as the admin console shows it: its hours and where they come from. */
export interface TeamView {
  readonly name: string;
  /** `file`: content/teams.yaml; `admin`: set in the admin console (it overrides the file's). */
  readonly source: 'file' | 'admin';
  readonly hours: BusinessHoursConfig;
}

export interface TeamSettingsOptions {
  readonly redis: RedisConnection;
  readonly prefix: string;
  /** Where changes are announced to every process (SETTINGS_CHANNEL). */
  readonly events: Pick<ConversationEvents, 'publish' | 'subscribe' | 'onResume'>;
  /** The teams of content/teams.yaml (the seed and default), as currently loaded. */
  readonly fileTeams: () => ReadonlyMap<string, BusinessHours>;
  /** Told when a re-read after a change announcement fails (the previous settings stay). */
  readonly onError?: (error: unknown) => void;
}

/** The Redis keys of admins' settings, under their own hash tag `{admin}` (one slot, small traffic). */
export function adminSettingsKeys(prefix: string) {
  const p = `${prefix}{admin}:`;
  return {
    /** Hash: team name -> JSON business hours (a BusinessHoursConfig) set by an admin. */
    teams: () => `${p}teams`,
    /** String: JSON list of routing rules, in the admin's order. */
    routing: () => `${p}routing`,
    /** Hash: language -> JSON list of canned replies set by an admin (canned-settings.ts). */
    canned: () => `${p}canned`,
  };
}

/**
 * Teams, their business hours and the routing rules, editable at run time.
 *
 * content/teams.yaml is the seed and the default: a team an admin saves is kept in Redis and overrides the
 * file's team of that name; removing it there brings the file's hours back. Routing rules live in Redis only
 * (none: every escalation goes to the team `default`). Each process keeps the settings in memory (hours are
 * read on every wait notice) and reads them again when any process announces a change on SETTINGS_CHANNEL,
 * and after its subscription comes back from an interruption (an announcement may have been lost).
 */
export class TeamSettings {
  private overrides = new Map<string, { config: BusinessHoursConfig; hours: BusinessHours }>();
  private ruleList: readonly RoutingRule[] = [];
  private readonly keys: ReturnType<typeof adminSettingsKeys>;
  private stop: (() => Promise<void>) | undefined;

  constructor(private readonly o: TeamSettingsOptions) {
    this.keys = adminSettingsKeys(o.prefix);
  }

  /** Reads the settings, then follows every process's changes until `close()`. */
  async start(): Promise<void> {
    this.stop = await followSettings(this.o.events, () => this.load(), this.o.onError);
  }

  async close(): Promise<void> {
    await this.stop?.();
  }

  /** Reads admins' teams and rules from Redis; a stored entry that no longer parses is skipped. */
  async load(): Promise<void> {
    const [teams, rules] = await Promise.all([
      this.o.redis.hgetall(this.keys.teams()),
      this.o.redis.get(this.keys.routing()),
    ]);
    const overrides = new Map<string, { config: BusinessHoursConfig; hours: BusinessHours }>();
    for (const [name, json] of Object.entries(teams)) {
      try {
        const config = JSON.parse(json) as BusinessHoursConfig;
        overrides.set(name, { config, hours: businessHours(config) });
      } catch (error) {
        this.o.onError?.(error);
      }
    }
    this.overrides = overrides;
    try {
      this.ruleList = rules === null ? [] : parseRoutingRules(JSON.parse(rules));
    } catch (error) {
      this.o.onError?.(error);
    }
  }

  /** The hours of a team (undefined: the team has none, so it is always open). */
  hours(team: string): BusinessHours | undefined {
    return this.overrides.get(team)?.hours ?? this.o.fileTeams().get(team);
  }

  /** The routing rules in force, in order. */
  rules(): readonly RoutingRule[] {
    return this.ruleList;
  }

  /** Every team (the file's and admins'), by name. */
  teams(): TeamView[] {
    const views = new Map<string, TeamView>();
    for (const [name, hours] of this.o.fileTeams()) {
      views.set(name, { name, source: 'file', hours: hoursConfigOf(hours) });
    }
    for (const [name, { config }] of this.overrides)
      views.set(name, { name, source: 'admin', hours: config });
    return [...views.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Saves a team's hours (TEAM_INVALID naming each bad field); every process sees them. */
  async setTeam(name: string, config: unknown): Promise<TeamView> {
    if (!TEAM_NAME.test(name)) {
      throw new HamdelError('TEAM_INVALID', `A team name is 1-32 of a-z 0-9 _ - (got "${name}").`);
    }
    let hours: BusinessHours;
    try {
      hours = businessHours(config);
    } catch (error) {
      throw new HamdelError('TEAM_INVALID', `Team "${name}": ${(error as Error).message}`);
    }
    const stored = hoursConfigOf(hours);
    await this.o.redis.hset(this.keys.teams(), name, JSON.stringify(stored));
    await this.changed();
    return { name, source: 'admin', hours: stored };
  }

  /** Forgets an admin's team (the file's hours of that name, if any, apply again); TEAM_NOT_FOUND. */
  async removeTeam(name: string): Promise<void> {
    if ((await this.o.redis.hdel(this.keys.teams(), name)) === 0) {
      throw new HamdelError('TEAM_NOT_FOUND', `No team "${name}" was set in the admin console.`);
    }
    await this.changed();
  }

  /** Replaces the routing rules (ROUTING_INVALID); every process sees them. */
  async setRules(input: unknown): Promise<readonly RoutingRule[]> {
    const parsed = parseRoutingRules(input);
    await this.o.redis.set(this.keys.routing(), JSON.stringify(parsed));
    await this.changed();
    return parsed;
  }

  private async changed(): Promise<void> {
    await this.load();
    await announceSettingsChanged(this.o.events);
  }
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Validated hours written back as configuration (for display and storage), days without ranges left out. */
export function hoursConfigOf(hours: BusinessHours): BusinessHoursConfig {
  const weekly: Record<string, [string, string][]> = {};
  WEEKDAYS.forEach((day, i) => {
    const ranges = hours.ranges[i] ?? [];
    if (ranges.length > 0) weekly[day] = ranges.map((r) => [hhmm(r.start), hhmm(r.end)]);
  });
  return {
    timezone: hours.timezone,
    weekly,
    closedDates: [...hours.closedDates].sort(),
  };
}
