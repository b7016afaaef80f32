import { setTimeout as sleep } from 'node:timers/promises';
import type { Rig } from './rig.ts';

/** When the customers send, relative to the first send (ms). */
export interface SendWindow {
  readonly middleMs: number;
  readonly lastSendMs: number;
}

export interface FaultScenario {
  readonly key: string;
  readonly title: string;
  /** Pairs of customers use the same message ids. */
  readonly sharedIds: boolean;
  /** Every customer sends the last message at the same moment (a burst the processes are busy with). */
  readonly lastTogether: boolean;
  /** Waits for its moment (from `startedAt`, ms since epoch), does the damage; says what it did. */
  readonly act: (rig: Rig, window: SendWindow, startedAt: number) => Promise<string>;
}

async function at(startedAt: number, offsetMs: number): Promise<void> {
  await sleep(Math.max(0, startedAt + offsetMs - Date.now()));
}

const since = (startedAt: number) => `${((Date.now() - startedAt) / 1000).toFixed(2)} s`;

export const FAULT_SCENARIOS: readonly FaultScenario[] = [
  {
    key: 'a',
    title: '(a) kill -9 of process 1 mid-turn, restarted',
    sharedIds: false,
    lastTogether: false,
    act: async (rig, window, startedAt) => {
      await at(startedAt, window.middleMs);
      const server = rig.servers[0];
      if (!server) return 'no process';
      await server.kill9();
      const killed = since(startedAt);
      await server.restart();
      return `killed at ${killed}, answering again at ${since(startedAt)}`;
    },
  },
  {
    key: 'b',
    title: '(b) kill -9 of process 1 250 ms after every customer sent a last message at once',
    sharedIds: false,
    lastTogether: true,
    act: async (rig, window, startedAt) => {
      await at(startedAt, window.lastSendMs + 250);
      await rig.servers[0]?.kill9();
      return `killed at ${since(startedAt)}, not restarted`;
    },
  },
  {
    key: 'c',
    title: '(c) kill -9 of Redis mid-turn, restarted from its AOF',
    sharedIds: false,
    lastTogether: false,
    act: async (rig, window, startedAt) => {
      await at(startedAt, window.middleMs);
      await rig.redis.kill9();
      const killed = since(startedAt);
      await sleep(1_000);
      await rig.redis.restart();
      return `killed at ${killed}, answering again at ${since(startedAt)}`;
    },
  },
  {
    key: 'd',
    title: '(d) two customers with the same message ids',
    sharedIds: true,
    lastTogether: false,
    act: async () => 'no fault',
  },
];
