import type { Language } from '../core/language.ts';
import type { Agent, AgentRole } from './agent.ts';

/** What it takes to create an agent; omitted fields get their defaults. */
export interface NewAgent {
  /** Sign-in name, unique; lower-cased (2-32 of a-z 0-9 . _ -). */
  readonly id: string;
  /** Display name, shown to customers. */
  readonly name: string;
  /** Default "agent". */
  readonly role?: AgentRole;
  /** At least one. */
  readonly languages: readonly Language[];
  /** Default none. */
  readonly skills?: readonly string[];
  /** Chats at once, 1-20; default 3. */
  readonly capacity?: number;
  /** Default "default". */
  readonly team?: string;
  /** In clear, at least 10 characters; only its argon2id hash is stored. */
  readonly password: string;
}

/** The fields an update may change. */
export interface AgentPatch {
  readonly name?: string;
  readonly role?: AgentRole;
  readonly languages?: readonly Language[];
  readonly skills?: readonly string[];
  readonly capacity?: number;
  readonly team?: string;
}

/** An account after a deactivation or reactivation, and whether that changed anything. */
export interface AccountChange {
  readonly agent: Agent;
  readonly changed: boolean;
}

/**
 * Agent accounts. Implementations validate every field (AGENT_INVALID, PASSWORD_INVALID), never keep a
 * password in clear, and never return a password hash.
 */
export interface AgentStore {
  /** Throws AGENT_EXISTS when the id is taken. */
  create(agent: NewAgent): Promise<Agent>;
  get(id: string): Promise<Agent | undefined>;
  /** Every agent, ordered by id. */
  list(): Promise<Agent[]>;
  /** Throws AGENT_NOT_FOUND, and LAST_ACTIVE_ADMIN when it takes the admin role from the only active admin. */
  update(id: string, patch: AgentPatch): Promise<Agent>;
  /** Throws AGENT_NOT_FOUND. Does not end the agent's sessions: the caller does. */
  setPassword(id: string, password: string): Promise<void>;
  /** Whether there was such an agent. Throws LAST_ACTIVE_ADMIN for the only active admin. */
  remove(id: string): Promise<boolean>;
  /**
   * Deactivates the account: its record stays, `deactivatedAt` is set. Throws AGENT_NOT_FOUND, and
   * LAST_ACTIVE_ADMIN when it is the only active admin (checked in the same atomic step as the change, so two
   * admins deactivating each other at once cannot both succeed). Does not end sessions: the caller does
   * (agent-deactivation.ts). `changed` is false when it was deactivated already.
   */
  deactivate(id: string): Promise<AccountChange>;
  /** Reactivates the account (its old password signs in again). Throws AGENT_NOT_FOUND. */
  reactivate(id: string): Promise<AccountChange>;
  /**
   * The agent when `password` is theirs, else undefined. Takes about as long for an unknown id as for a
   * known one, so that timing does not tell which ids exist.
   */
  verifyPassword(id: string, password: string): Promise<Agent | undefined>;
}
