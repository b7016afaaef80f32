import type { AgentRole } from './agent.ts';

/**
 * Roles: an agent serves chats; a supervisor also sees how the service is doing (reports, the dashboard);
 * an admin also manages accounts, settings and customers' data. A higher role passes wherever a lower one
 * is asked for. An editor keeps the knowledge base right (the editor's workspace) and stands beside that
 * line: an editor serves no chats and reads no transcripts, and only an editor or an admin passes where an
 * editor is asked for.
 */
const RANK: Readonly<Record<Exclude<AgentRole, 'editor'>, number>> = { agent: 0, supervisor: 1, admin: 2 };

/** Whether `role` has the rights of `wanted`: the same role, a higher one on the line, or an admin. */
export function hasRole(role: AgentRole, wanted: AgentRole): boolean {
  if (role === wanted || role === 'admin') return true;
  if (role === 'editor' || wanted === 'editor') return false;
  return RANK[role] >= RANK[wanted];
}

/** Whether the role serves customers' chats (gets chats, counts as staff for waits, is a transfer target). */
export function servesChats(role: AgentRole): boolean {
  return role !== 'editor';
}

/** Whether a change from `before` to `after` takes rights away (sessions then end, consoles close). */
export function isDemotion(before: AgentRole, after: AgentRole): boolean {
  return !hasRole(after, before);
}
