import type { Language } from '../core/language.ts';
import type { Agent } from '../agents/agent.ts';

/** A pool of tickets that the same agents can take: one BullMQ queue each. */
export interface Pool {
  readonly team: string;
  readonly language: Language;
  /** Sorted, unique. */
  readonly skills: readonly string[];
}

/** BullMQ queue name of a pool (BullMQ names may not contain ":"). */
export function poolName(pool: Pool): string {
  const skills = pool.skills.length > 0 ? `.${pool.skills.join('+')}` : '';
  return `handoff.${pool.team}.${pool.language}${skills}`;
}

export function parsePoolName(name: string): Pool | undefined {
  const match = /^handoff\.([\w-]+)\.(fa|ar|en)(?:\.([\w+-]+))?$/.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  return {
    team: match[1],
    language: match[2] as Language,
    skills: match[3] ? match[3].split('+') : [],
  };
}

export function makePool(team: string, language: Language, skills: readonly string[]): Pool {
  return { team, language, skills: [...new Set(skills)].sort() };
}

/** Whether the agent can serve tickets of the pool: same team, the language, and every skill. */
export function canServe(agent: Pick<Agent, 'team' | 'languages' | 'skills'>, pool: Pool): boolean {
  return (
    agent.team === pool.team &&
    agent.languages.includes(pool.language) &&
    pool.skills.every((skill) => agent.skills.includes(skill))
  );
}
