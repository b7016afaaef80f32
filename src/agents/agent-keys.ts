/** Every Redis key hamdel writes for agents, their presence, sessions and sign-in attempts, under one prefix. */
export function agentKeys(prefix: string) {
  return {
    /** Hash: the agent's fields and password hash. */
    agent: (id: string) => `${prefix}agent:${id}`,
    /** Set: every agent id. */
    index: () => `${prefix}agents`,
    /** Hash: status and since. */
    presence: (id: string) => `${prefix}agent:${id}:presence`,
    /** Set: the conversation ids the agent holds. */
    chats: (id: string) => `${prefix}agent:${id}:chats`,
    /** Sorted set: agent id -> time of the last heartbeat (ms). */
    beats: () => `${prefix}presence:beats`,
    /** Set: agent ids that have a presence record. */
    present: () => `${prefix}presence:agents`,
    /** String (JSON): one sign-in session, keyed by the SHA-256 of its token. */
    session: (tokenHash: string) => `${prefix}session:${tokenHash}`,
    /** Set: the token hashes of one agent's sessions. */
    agentSessions: (id: string) => `${prefix}agent:${id}:sessions`,
    /** Sorted set: recent failed sign-ins for an agent id or an address. */
    loginFailures: (kind: 'id' | 'ip', value: string) => `${prefix}login-failures:${kind}:${value}`,
  };
}

export type AgentKeys = ReturnType<typeof agentKeys>;
