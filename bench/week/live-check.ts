/**
 * The live view (`GET /api/reports/live`) against the simulation's account of the moment: who waits in
 * which line (team and language), how many of them were put in line for anger, the longest wait, and the
 * agents online with room, busy (as many chats as their capacity) and away.
 */
import type { FigureRows } from './figure-rows.ts';
import type { ReportsClient } from './report-check.ts';
import type { World } from './week-world.ts';

interface LiveLine {
  readonly team: string;
  readonly language: string;
  readonly waiting: number;
  readonly angry: number;
  readonly longestWaitMs: number;
}

interface Live {
  readonly waiting: number;
  readonly angryWaiting: number;
  readonly longestWaitMs: number;
  readonly lines: readonly LiveLine[];
  readonly agents: { readonly online: number; readonly busy: number; readonly away: number };
}

/** What the live view should show now, from the simulation's own account. */
export function expectedLive(world: World): Live {
  const now = world.now();
  const lines = new Map<
    string,
    { team: string; language: string; waiting: number; angry: number; first: number }
  >();
  for (const ticket of world.tickets.values()) {
    if (ticket.holder !== undefined) continue;
    const { team, language } = ticket.subject;
    const key = `${team}|${language}`;
    const line = lines.get(key) ?? { team, language, waiting: 0, angry: 0, first: ticket.enqueuedAt };
    line.waiting += 1;
    if (ticket.reasons.includes('anger')) line.angry += 1;
    line.first = Math.min(line.first, ticket.enqueuedAt);
    lines.set(key, line);
  }
  const shown = [...lines.values()]
    .sort((a, b) => a.team.localeCompare(b.team) || a.language.localeCompare(b.language))
    .map(({ first, ...line }) => ({ ...line, longestWaitMs: now - first }));
  const agents = [...world.agents.values()];
  const online = agents.filter((a) => a.status === 'online');
  return {
    waiting: shown.reduce((n, l) => n + l.waiting, 0),
    angryWaiting: shown.reduce((n, l) => n + l.angry, 0),
    longestWaitMs: shown.reduce((n, l) => Math.max(n, l.longestWaitMs), 0),
    lines: shown,
    agents: {
      online: online.filter((a) => a.chats.size < a.plan.capacity).length,
      busy: online.filter((a) => a.chats.size >= a.plan.capacity).length,
      away: agents.filter((a) => a.status === 'away').length,
    },
  };
}

/** Reads the live view and compares it, under a label naming the moment. */
export async function checkLive(client: ReportsClient, world: World, rows: FigureRows, label: string) {
  const live = await client.get<Live>('/api/reports/live', {});
  const want = expectedLive(world);
  const byLine = (l: readonly LiveLine[]) =>
    new Map(l.map((line) => [`${line.team}/${line.language}`, line]));
  rows.compare(
    `live ${label}`,
    {
      waiting: live.waiting,
      angryWaiting: live.angryWaiting,
      longestWaitMs: live.longestWaitMs,
      agents: live.agents,
    },
    {
      waiting: want.waiting,
      angryWaiting: want.angryWaiting,
      longestWaitMs: want.longestWaitMs,
      agents: want.agents,
    },
  );
  rows.compareGroups(`live ${label} line`, byLine(live.lines), byLine(want.lines));
}
