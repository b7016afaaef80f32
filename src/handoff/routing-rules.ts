import { z } from 'zod';
import { HamdelError } from '../core/errors.ts';

/**
 * A team name that agents (agent-validation.ts: lower-case) and pools (routing.ts: no ".") both accept.
 */
export const TEAM_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * One routing rule, set by an admin: escalations that match go to `team`.
 * - `topic`: the article the bot last answered with or offered has this tag (front matter `tags`) or id;
 * - `channel`: the conversation's channel (`web`, `telegram`, `slack`, `http`...);
 * - `site`: the widget's page is on this host (`shop.example.com`; an origin such as
 *   `https://shop.example.com` is read as its host).
 */
export interface RoutingRule {
  readonly when: 'topic' | 'channel' | 'site';
  readonly value: string;
  readonly team: string;
}

/** What is known about an escalation when its team is chosen. */
export interface RoutingFacts {
  /** Tags and id of the article the bot last answered with or offered (none: empty). */
  readonly topics: readonly string[];
  readonly channel: string;
  /** The widget page's origin or host, when the chat came from the widget. */
  readonly site?: string;
}

const rule = z
  .object({
    when: z.enum(['topic', 'channel', 'site']),
    value: z.string().trim().min(1).max(200),
    team: z.string().trim().toLowerCase().regex(TEAM_NAME, 'a team is 1-32 of a-z 0-9 _ -'),
  })
  .strict();
const rules = z.array(rule).max(200);

/** Checks rules sent by an admin (or read back from Redis); throws ROUTING_INVALID naming each problem. */
export function parseRoutingRules(input: unknown): RoutingRule[] {
  const parsed = rules.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(rules)'}: ${i.message}`);
    throw new HamdelError('ROUTING_INVALID', `Invalid routing rules: ${problems.join('; ')}`);
  }
  return parsed.data.map((r) => ({
    when: r.when,
    value: r.when === 'site' ? hostOf(r.value) : r.value.toLowerCase(),
    team: r.team,
  }));
}

/** The team for an escalation: the first rule (in the admin's order) that matches, else `fallback`. */
export function chooseTeam(ruleList: readonly RoutingRule[], facts: RoutingFacts, fallback: string): string {
  const topics = new Set(facts.topics.map((t) => t.toLowerCase()));
  const channel = facts.channel.toLowerCase();
  const site = facts.site !== undefined ? hostOf(facts.site) : undefined;
  for (const r of ruleList) {
    const value = r.value.toLowerCase();
    if (r.when === 'topic' && topics.has(value)) return r.team;
    if (r.when === 'channel' && channel === value) return r.team;
    if (r.when === 'site' && site !== undefined && site === hostOf(value)) return r.team;
  }
  return fallback;
}

/** `https://Shop.example.com:8443/x` -> `shop.example.com:8443`; a bare host is lower-cased. */
export function hostOf(originOrHost: string): string {
  const text = originOrHost.trim().toLowerCase();
  if (!text.includes('://')) return text.replace(/\/.*$/, '');
  try {
    return new URL(text).host;
  } catch {
    return text;
  }
}
