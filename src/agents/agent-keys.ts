/**
 * Where every key of the human side lives: agents, their presence, sessions and sign-in attempts, the
 * handoff queue's own keys and its BullMQ queues. The hash tag `{human}` puts them all in one Redis Cluster
 * slot, so that one MULTI or script can touch an agent's keys and the queue's together (taking a chat writes
 * the ticket, the line and the agent's chats at once). Their traffic is small next to conversations'.
 */
export function humanKeyPrefix(prefix: string): string {
  return `${prefix}{human}:`;
}

/** Every Redis key hamdel writes for agents, their presence, sessions and sign-in attempts, under one prefix. */
export function agentKeys(prefix: string) {
  const p = humanKeyPrefix(prefix);
  const agent = (id: string) => `${p}agent:${id}`;
  return {
    /** Hash: the agent's fields and password hash. */
    agent,
    /** Set: every agent id. */
    index: () => `${p}agents`,
    /** Hash: status and since. */
    presence: (id: string) => `${agent(id)}:presence`,
    /** Set: the conversation ids the agent holds. */
    chats: (id: string) => `${agent(id)}:chats`,
    /** Sorted set: agent id -> time of the last heartbeat (ms). */
    beats: () => `${p}presence:beats`,
    /** Set: agent ids that have a presence record. */
    present: () => `${p}presence:agents`,
    /** String (JSON): one sign-in session, keyed by the SHA-256 of its token. */
    session: (tokenHash: string) => `${p}session:${tokenHash}`,
    /** Set: the token hashes of one agent's sessions. */
    agentSessions: (id: string) => `${agent(id)}:sessions`,
    /** Sorted set: recent failed sign-ins for an agent id or an address. */
    loginFailures: (kind: 'id' | 'ip', value: string) => `${p}login-failures:${kind}:${value}`,
  };
}

export type AgentKeys = ReturnType<typeof agentKeys>;
