import type { ConsoleSession } from './console-session.ts';

/** A console open in this process, with the session token it was opened with. */
export interface OpenConsole {
  readonly session: ConsoleSession;
  readonly agentId: string;
  readonly token: string;
}

/**
 * The consoles open in this process, by agent: when an agent's access is taken back (heard from any
 * process on AGENTS_CHANNEL), every console of theirs here is closed.
 */
export class OpenConsoles {
  private readonly byAgent = new Map<string, Set<OpenConsole>>();

  /** Returns the function that forgets it (when its socket closes). */
  add(open: OpenConsole): () => void {
    let set = this.byAgent.get(open.agentId);
    if (!set) {
      set = new Set();
      this.byAgent.set(open.agentId, set);
    }
    set.add(open);
    return () => {
      set.delete(open);
      if (set.size === 0 && this.byAgent.get(open.agentId) === set) this.byAgent.delete(open.agentId);
    };
  }

  /** Closes every console of the agent (SESSION_REVOKED, 4403); returns how many. */
  revoke(agentId: string, message: string): number {
    const set = this.byAgent.get(agentId);
    if (!set) return 0;
    this.byAgent.delete(agentId);
    for (const open of set) open.session.revoke(message);
    return set.size;
  }

  all(): OpenConsole[] {
    return [...this.byAgent.values()].flatMap((set) => [...set]);
  }
}
