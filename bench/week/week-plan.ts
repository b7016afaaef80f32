/**
 * The simulated week, drawn from one seed (mulberry32, src/core/random.ts) before anything runs: the agents
 * (teams, languages, capacity, shifts), and the customers (when they first write, on which channel, in which
 * language, what they want, how patient they are, whether and when they come back). How each visit goes
 * after that depends on what the bot and the agents do; those choices come from each customer's own stream
 * of the same seed (`rand`), so one customer's path does not shift everyone else's.
 */
import type { Language } from '../../src/core/language.ts';
import { random } from '../../src/core/random.ts';
import { arrivalRate } from '../queue-sim.ts';
import { dayStart, shiftDay } from './calendar.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

export type Channel = 'web' | 'http' | 'telegram';

/** What a customer comes for. */
export type Intent =
  | 'answerable' // a question the shop has an article for
  | 'off-topic' // a question it has none for
  | 'person' // asks for a person
  | 'angry' // an angry complaint
  | 'hello' // only greets
  | 'billing'; // a payment question, then a person

export interface PlannedAgent {
  readonly id: string;
  readonly name: string;
  readonly team: string;
  readonly languages: readonly Language[];
  readonly capacity: number;
  /** Hours of the day (business time zone), per weekday 0 Sunday ... 6 Saturday; none: a day off. */
  readonly shift: (weekday: number) => readonly [number, number] | undefined;
}

export interface PlannedCustomer {
  readonly id: string;
  readonly index: number;
  readonly channel: Channel;
  readonly language: Language;
  /** When they first write, and what for. */
  readonly firstAt: number;
  readonly intent: Intent;
  /** How long they wait in line before leaving it (undefined: they wait until served). */
  readonly patienceMs?: number;
  /** Later visits: how long after the previous one ended, and what for. */
  readonly returns: readonly {
    readonly afterMs: number;
    readonly intent: Intent;
    readonly exact?: boolean;
  }[];
  /** The customer's own stream of choices. */
  readonly rand: () => number;
}

export interface WeekPlan {
  readonly firstDay: string;
  readonly days: number;
  readonly timeZone: string;
  readonly start: number;
  readonly end: number;
  readonly agents: readonly PlannedAgent[];
  readonly customers: readonly PlannedCustomer[];
}

const weekdays = (from: number, to: number, friday?: readonly [number, number]) => (weekday: number) =>
  weekday === 5 ? friday : ([from, to] as const);

/** Three teams: the default line, billing (payment topics) and messaging (Telegram). */
const ROSTER: readonly PlannedAgent[] = [
  { id: 'sara', name: 'Sara', team: 'default', languages: ['fa', 'en'], capacity: 3, shift: weekdays(9, 15) },
  {
    id: 'reza',
    name: 'Reza',
    team: 'default',
    languages: ['fa'],
    capacity: 2,
    shift: weekdays(10, 18, [14, 21]),
  },
  {
    id: 'mina',
    name: 'Mina',
    team: 'default',
    languages: ['ar', 'en'],
    capacity: 3,
    shift: weekdays(12, 21),
  },
  {
    id: 'omar',
    name: 'Omar',
    team: 'default',
    languages: ['ar', 'fa'],
    capacity: 2,
    shift: weekdays(14, 21, [14, 21]),
  },
  { id: 'john', name: 'John', team: 'default', languages: ['en', 'fa'], capacity: 2, shift: weekdays(9, 17) },
  {
    id: 'leila',
    name: 'Leila',
    team: 'billing',
    languages: ['fa', 'ar', 'en'],
    capacity: 2,
    shift: weekdays(9, 16, [14, 21]),
  },
  {
    id: 'ali',
    name: 'Ali',
    team: 'billing',
    languages: ['fa', 'en', 'ar'],
    capacity: 2,
    shift: weekdays(14, 21),
  },
  {
    id: 'nadia',
    name: 'Nadia',
    team: 'messaging',
    languages: ['fa', 'ar', 'en'],
    capacity: 3,
    shift: weekdays(8, 16, [10, 18]),
  },
  {
    id: 'sam',
    name: 'Sam',
    team: 'messaging',
    languages: ['en', 'ar', 'fa'],
    capacity: 3,
    shift: weekdays(15, 23, [15, 23]),
  },
];

/**
 * Customers by hour of the day: from 08:00 to 20:00 the shape of bench:queue's support day (queue-sim.ts:
 * a morning ramp, a lunch peak, an evening tail), and a quiet night around it.
 */
const NIGHT: Readonly<Record<number, number>> = { 20: 1, 21: 0.7, 22: 0.4, 23: 0.3, 6: 0.3, 7: 0.6 };
const HOURLY = Array.from({ length: 24 }, (_, h) =>
  h >= 8 && h < 20 ? arrivalRate(h - 7.5) : (NIGHT[h] ?? 0.1),
);

function pick<T>(rand: () => number, items: readonly T[], weights: readonly number[]): T {
  let r = rand() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i += 1) if ((r -= weights[i] ?? 0) <= 0) return items[i] as T;
  return items[items.length - 1] as T;
}

const INTENTS: readonly Intent[] = ['answerable', 'off-topic', 'person', 'angry', 'hello', 'billing'];
const INTENT_WEIGHTS = [0.36, 0.18, 0.18, 0.12, 0.08, 0.08];

export function planWeek(options: {
  readonly seed: number;
  readonly customers: number;
  readonly firstDay: string;
  readonly days?: number;
  readonly timeZone: string;
}): WeekPlan {
  const days = options.days ?? 7;
  const rand = random(options.seed);
  const start = dayStart(options.firstDay, options.timeZone);
  const end = dayStart(shiftDay(options.firstDay, days), options.timeZone);
  const customers: PlannedCustomer[] = [];
  for (let index = 0; index < options.customers; index += 1) {
    const day = Math.floor(rand() * days);
    const hour = pick(
      rand,
      HOURLY.map((_, h) => h),
      HOURLY,
    );
    const firstAt =
      dayStart(shiftDay(options.firstDay, day), options.timeZone) + hour * HOUR + Math.floor(rand() * HOUR);
    const own = random((options.seed * 7919 + index * 104_729) >>> 0);
    const returns: PlannedCustomer['returns'][number][] = [];
    const back = rand();
    if (back < 0.12)
      returns.push({
        afterMs: Math.floor((2 + rand() * 18) * HOUR),
        intent: pick(rand, INTENTS, INTENT_WEIGHTS),
      });
    else if (back < 0.22)
      returns.push({
        afterMs: Math.floor((26 + rand() * 40) * HOUR),
        intent: pick(rand, INTENTS, INTENT_WEIGHTS),
      });
    else if (back < 0.24) returns.push({ afterMs: 24 * HOUR, intent: 'answerable', exact: true });
    customers.push({
      id: `c${index}`,
      index,
      channel: pick(rand, ['web', 'http', 'telegram'] as const, [0.5, 0.2, 0.3]),
      language: pick(rand, ['fa', 'ar', 'en'] as const, [0.45, 0.3, 0.25]),
      firstAt,
      intent: pick(rand, INTENTS, INTENT_WEIGHTS),
      ...(rand() < 0.55 ? { patienceMs: Math.floor((1 + rand() * 29) * MIN) } : {}),
      returns,
      rand: own,
    });
  }
  customers.sort((a, b) => a.firstAt - b.firstAt || a.index - b.index);
  return {
    firstDay: options.firstDay,
    days,
    timeZone: options.timeZone,
    start,
    end,
    agents: ROSTER,
    customers,
  };
}
