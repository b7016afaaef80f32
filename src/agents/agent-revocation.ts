import { AGENTS_CHANNEL, type ConversationEvents } from '../conversations/conversation-events.ts';
import type { RedisPresence } from './presence.ts';
import type { RedisSessions } from './sessions.ts';

/** Why an agent's access is taken back. */
export type RevocationReason = 'removed' | 'deactivated' | 'role-changed' | 'password-changed';

export interface AgentRevocationOptions {
  readonly sessions: RedisSessions;
  readonly presence: RedisPresence;
  /**
   * Where every process hears of it (`agent-revoked` on AGENTS_CHANNEL). Left out only where no console
   * can be open (an app of the sign-in routes alone).
   */
  readonly events?: Pick<ConversationEvents, 'publish'>;
}

/**
 * Takes an agent's access back at once, in every process:
 * 1. every sign-in session of the agent ends (the sessions' index per agent), so no request and no
 *    reconnect gets in with an old cookie;
 * 2. `agent-revoked` goes out on AGENTS_CHANNEL, and every process closes that agent's open consoles
 *    (close code 4403, an `error` frame SESSION_REVOKED first);
 * 3. when the account is removed, deactivated or loses the admin role, the agent is turned offline, so the
 *    supervisor's next round puts the chats they held back in line. A new password alone leaves them the
 *    presence's time to live to sign in again before their chats go back.
 * The admin API and the `agent:*` command line both come here.
 */
export class AgentRevocation {
  constructor(private readonly o: AgentRevocationOptions) {}

  /** Returns how many sessions ended. Presence listeners' errors come last (AggregateError), after all is done. */
  async revoke(agentId: string, reason: RevocationReason): Promise<number> {
    const ended = await this.o.sessions.destroyAll(agentId);
    await this.o.events?.publish(AGENTS_CHANNEL, { type: 'agent-revoked', agentId, reason });
    if (reason !== 'password-changed') await this.o.presence.setStatus(agentId, 'offline');
    return ended;
  }
}
