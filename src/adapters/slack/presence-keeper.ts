import type { RedisPresence } from '../../agents/presence.ts';
import type { HandoffQueue } from '../../handoff/handoff-queue.ts';
import type { SlackAgentLinks } from './agent-links.ts';
import type { SlackState } from './slack-state.ts';

export interface SlackPresenceKeeperOptions {
  readonly links: SlackAgentLinks;
  readonly queue: HandoffQueue;
  readonly presence: RedisPresence;
  readonly state: SlackState;
  /** An agent who has not pressed a button or written in a thread for this long stops counting as present (default 30 min). */
  readonly idleMs?: number;
  /** How often to beat (default a third of the presence's time to live). */
  readonly intervalMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Agents working in Slack have no console whose heartbeat keeps them present, so the supervisor would hand
 * their chats back to the line. While a linked agent holds chats and has acted in Slack within `idleMs`, this
 * beats for them (any number of processes may run it: a heartbeat is idempotent). After `idleMs` of silence
 * their presence expires and the supervisor returns their chats, as for a console that died.
 */
export class SlackPresenceKeeper {
  private timer: NodeJS.Timeout | undefined;
  readonly idleMs: number;

  constructor(private readonly o: SlackPresenceKeeperOptions) {
    this.idleMs = o.idleMs ?? 30 * 60_000;
  }

  /** The agent did something in Slack: present now, and for `idleMs` more while they hold chats. */
  async touch(agentId: string): Promise<void> {
    await this.o.state.markActive(agentId, this.idleMs);
    await this.o.presence.heartbeat(agentId);
  }

  start(): void {
    this.timer ??= setInterval(
      () => {
        this.beat().catch((error: unknown) => this.o.onError?.(error));
      },
      this.o.intervalMs ?? this.o.presence.heartbeatTtlMs / 3,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async beat(): Promise<void> {
    for (const agentId of new Set(Object.values(await this.o.links.list()))) {
      if (!(await this.o.state.isActive(agentId))) continue;
      if ((await this.o.queue.chatsOf(agentId)).length === 0) continue;
      await this.o.presence.heartbeat(agentId);
    }
  }
}
