import type { AgentRole } from './agent.ts';

/**
 * Roles rank: an agent serves chats; a supervisor also sees how the service is doing (reports, the
 * dashboard); an admin also manages accounts, settings and customers' data. A higher role passes wherever a
 * lower one is asked for.
 */
const RANK: Readonly<Record<AgentRole, number>> = { agent: 0, supervisor: 1, admin: 2 };

/** Whether `role` is `wanted` or higher. */
export function hasRole(role: AgentRole, wanted: AgentRole): boolean {
  return RANK[role] >= RANK[wanted];
}

/** Whether a change from `before` to `after` takes rights away (sessions then end, consoles close). */
export function isDemotion(before: AgentRole, after: AgentRole): boolean {
  return RANK[after] < RANK[before];
}
