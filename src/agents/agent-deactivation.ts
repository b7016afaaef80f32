import type { AuditLog } from '../core/audit-log.ts';
import { HamdelError } from '../core/errors.ts';
import type { Agent } from './agent.ts';
import type { AgentRevocation } from './agent-revocation.ts';
import type { AgentStore } from './agent-store.ts';

export interface AgentDeactivationOptions {
  readonly store: AgentStore;
  /** Ends the agent's sessions and consoles in every process and turns them offline. */
  readonly revocation: AgentRevocation;
  /** Where each change is written with who made it; none: not recorded (a test app of the routes alone). */
  readonly audit?: Pick<AuditLog, 'record'>;
  /**
   * A presence listener failed when the agent was turned offline (AggregateError). The deactivation is done
   * by then; default: ignored.
   */
  readonly onListenerError?: (error: unknown, agentId: string) => void;
}

/** What a deactivation or reactivation did. */
export interface DeactivationResult {
  readonly agent: Agent;
  /** False when the account already was in that state: nothing is recorded in the audit log. */
  readonly changed: boolean;
  /** Sign-in sessions ended (deactivation only). */
  readonly sessionsEnded: number;
}

/**
 * Deactivating an account, reversibly, the one way the admin API and the command line both use. A
 * deactivated agent keeps their record, their closed chats, tags, notes and report figures, but:
 * - cannot sign in (AGENT_DEACTIVATED, after the right password), and every session they had ends now;
 * - their open consoles close in every process (`agent-revoked`, 4403) and they are turned offline, so the
 *   supervisor's next round puts the chats they held back at the front of the line, telling the customers
 *   (as when an agent signs out); a supervisor round also skips them while they are deactivated;
 * - they are neither offered nor accepted as a transfer target, and the handoff service refuses them every
 *   chat (`isActive` in chat-access.ts).
 * Reactivating lets them sign in again with their old password. An admin cannot deactivate themselves
 * (SELF_DEACTIVATION), and nobody can deactivate the last active admin (LAST_ACTIVE_ADMIN, checked atomically
 * by the store). Each change is written to the audit log with who made it.
 */
export class AgentDeactivation {
  constructor(private readonly o: AgentDeactivationOptions) {}

  /** `by` is the admin's agent id, or `cli:<os user>` (which no agent id can equal). */
  async deactivate(id: string, by: string): Promise<DeactivationResult> {
    if (id.trim().toLowerCase() === by) {
      throw new HamdelError(
        'SELF_DEACTIVATION',
        'You cannot deactivate your own account; ask another admin.',
        { id },
      );
    }
    const { agent, changed } = await this.o.store.deactivate(id);
    if (changed) await this.o.audit?.record(by, 'agent-deactivated', agent.id);
    // Revoked again when it was deactivated already, so that a retry after a failure here finishes the job.
    let sessionsEnded = 0;
    try {
      sessionsEnded = await this.o.revocation.revoke(agent.id, 'deactivated');
    } catch (error) {
      // Only the presence listeners' failures: sessions and consoles were ended before they ran.
      if (!(error instanceof AggregateError)) throw error;
      this.o.onListenerError?.(error, agent.id);
    }
    return { agent, changed, sessionsEnded };
  }

  async reactivate(id: string, by: string): Promise<DeactivationResult> {
    const { agent, changed } = await this.o.store.reactivate(id);
    if (changed) await this.o.audit?.record(by, 'agent-reactivated', agent.id);
    return { agent, changed, sessionsEnded: 0 };
  }
}
