/**
 * Every report figure computed from the simulation's own log (sim-log.ts), by the definitions of
 * docs/reports.md, without src/reports: conversations and their outcomes from the customers' messages (one
 * begins after at least the idle window without a message, and ends, counted on the day it began, when the
 * window passes again), tickets from the escalations and the agents' actions, durations from the
 * simulation's clock.
 */
import type { Language } from '../../src/core/language.ts';
import { dayStart, localDay, shiftDay, weekOf } from './calendar.ts';
import { Tally, type Figures, type Outcome } from './figure-tally.ts';
import type { LogEntry, MessageEntry, SimLog, TicketSubject } from './sim-log.ts';

export interface WeekRules {
  /** REPORT_IDLE_HOURS in ms. */
  readonly idleMs: number;
  /** SLA_WAIT_SECONDS in ms, and the teams with a target of their own. */
  readonly slaMs: number;
  readonly slaByTeam: Readonly<Record<string, number>>;
}

export type Dimension = 'channel' | 'language' | 'team' | 'agent';
export type { Figures } from './figure-tally.ts';

export interface FigureQuery {
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
  readonly groupBy: Dimension | 'day' | 'week' | 'none';
  readonly tz: string;
  readonly weekStart: number;
  readonly only?: { readonly dimension: Dimension; readonly value: string };
}

/** One counted fact: when it counts, under which values, and what it adds. */
interface Fact {
  readonly at: number;
  readonly dims: { readonly channel: string; language?: Language; team?: string; agent?: string };
  readonly add: (tally: Tally) => void;
}

/** A ticket while the log is read. */
interface OpenTicket {
  readonly subject: TicketSubject;
  readonly enqueuedAt: number;
  holder?: string;
  assignedAt?: number;
  answered: boolean;
}

/** A conversation as reports count it, while the log is read. */
interface Session {
  readonly startedAt: number;
  readonly channel: string;
  language: Language;
  last: number;
  questions: number;
  lastQuestion: 'answered' | 'clarified' | 'unanswered' | '';
  escalated: boolean;
  angry: boolean;
}

export class ExpectedFigures {
  private readonly facts: Fact[] = [];
  /** Questions the bot had no answer to: when, in which language, what. */
  readonly unansweredQuestions: { at: number; language: Language; text: string }[] = [];
  /** Ratings with a comment. */
  readonly comments: {
    at: number;
    rating: number;
    comment: string;
    agentId: string;
    team: string;
    channel: string;
    language: Language;
    conversationId: string;
  }[] = [];

  /** Reads the log as it stands at `now` (conversations idle for the window by then have ended). */
  constructor(
    log: SimLog,
    private readonly rules: WeekRules,
    now: number,
  ) {
    const sessions = new Map<string, Session>();
    const tickets = new Map<string, OpenTicket>();
    const closed = new Map<string, { agentId: string; subject: TicketSubject }>();
    for (const entry of log.entries) {
      if (entry.kind === 'message') {
        this.session(entry, sessions);
        this.message(entry, tickets, closed);
      } else {
        this.agentAction(entry, tickets, closed);
      }
    }
    for (const session of sessions.values()) {
      if (session.last + rules.idleMs <= now) this.ended(session);
    }
  }

  private slaMs(team: string | undefined): number {
    return (team !== undefined ? this.rules.slaByTeam[team] : undefined) ?? this.rules.slaMs;
  }

  private fact(at: number, dims: Fact['dims'], add: (tally: Tally) => void): void {
    this.facts.push({ at, dims, add });
  }

  private session(entry: MessageEntry, sessions: Map<string, Session>): void {
    let session = sessions.get(entry.conversation);
    if (session && entry.at - session.last >= this.rules.idleMs) {
      this.ended(session);
      session = undefined;
    }
    if (!session) {
      session = {
        startedAt: entry.at,
        channel: entry.channel,
        language: entry.language,
        last: entry.at,
        questions: 0,
        lastQuestion: '',
        escalated: false,
        angry: false,
      };
      sessions.set(entry.conversation, session);
      this.fact(entry.at, { channel: entry.channel, language: entry.language }, (t) => {
        t.volume.conversations += 1;
      });
    }
    session.last = entry.at;
    session.language = entry.language;
    const question =
      entry.unanswered > 0
        ? 'unanswered'
        : entry.clarified > 0
          ? 'clarified'
          : entry.answered > 0
            ? 'answered'
            : '';
    if (question) {
      session.questions += 1;
      session.lastQuestion = question;
    }
    if (entry.personRequested || entry.escalation) session.escalated = true;
    if (entry.angry) session.angry = true;
  }

  /** A conversation's end, counted on the day it began. */
  private ended(session: Session): void {
    const outcome: Outcome = session.escalated
      ? 'escalated'
      : session.questions === 0
        ? 'no-question'
        : session.lastQuestion === 'answered'
          ? 'bot-resolved'
          : 'unanswered';
    this.fact(session.startedAt, { channel: session.channel, language: session.language }, (t) => {
      t.outcomes[outcome] += 1;
      if (session.angry) t.angryConversations += 1;
    });
  }

  private message(
    entry: MessageEntry,
    tickets: Map<string, OpenTicket>,
    closed: Map<string, { agentId: string; subject: TicketSubject }>,
  ): void {
    const bot = { channel: entry.channel, language: entry.language };
    this.fact(entry.at, bot, (t) => {
      t.volume.messages += 1;
      if (entry.angry) t.angryMessages += 1;
      t.volume.answered += entry.answered;
      t.volume.clarified += entry.clarified;
      t.volume.unanswered += entry.unanswered;
      t.volume.questions += entry.answered + entry.clarified + entry.unanswered;
      if (entry.rejected) t.volume.rejected += 1;
      if (entry.personRequested) t.volume.personRequested += 1;
    });
    if (entry.unanswered > 0 && entry.input === 'text') {
      this.unansweredQuestions.push({ at: entry.at, language: entry.language, text: entry.text.trim() });
    }
    const escalation = entry.escalation;
    if (escalation) {
      const { channel, language, team } = escalation;
      tickets.set(entry.conversation, {
        subject: { channel, language, team },
        enqueuedAt: entry.at,
        answered: false,
      });
      this.fact(entry.at, { channel, language, team }, (t) => {
        t.volume.escalations += 1;
        if (escalation.angry) t.angryEscalations += 1;
        for (const reason of new Set(escalation.reasons)) t.reasons[reason] = (t.reasons[reason] ?? 0) + 1;
      });
    }
    const rating = entry.rating;
    if (rating) {
      const ticket = closed.get(entry.conversation);
      if (!ticket) throw new Error(`a rating of ${entry.conversation} without a closed ticket`);
      const { channel, language, team } = rating;
      this.fact(entry.at, { channel, language, team, agent: rating.agentId }, (t) => {
        t.ratings.push(rating.rating);
        if (rating.comment) t.comments += 1;
      });
      if (rating.comment) {
        this.comments.push({
          at: entry.at,
          rating: rating.rating,
          comment: rating.comment,
          agentId: rating.agentId,
          team,
          channel,
          language,
          conversationId: entry.conversation,
        });
      }
    }
    if (entry.leftLine) {
      const ticket = tickets.get(entry.conversation);
      if (!ticket) throw new Error(`${entry.conversation} left a line it was not in`);
      tickets.delete(entry.conversation);
      const waited = entry.at - ticket.enqueuedAt;
      const breach = waited > this.slaMs(ticket.subject.team);
      this.fact(entry.at, { ...ticket.subject }, (t) => {
        t.volume.leftLine += 1;
        if (breach) t.slaBreaches += 1;
      });
    }
  }

  private agentAction(
    entry: Exclude<LogEntry, MessageEntry>,
    tickets: Map<string, OpenTicket>,
    closed: Map<string, { agentId: string; subject: TicketSubject }>,
  ): void {
    const ticket = tickets.get(entry.conversation);
    if (!ticket) throw new Error(`${entry.kind} of ${entry.conversation}, which has no ticket`);
    const dims = { ...ticket.subject, agent: entry.agentId };
    const at = entry.at;
    switch (entry.kind) {
      case 'taken': {
        const waited = at - ticket.enqueuedAt;
        const breach = waited > this.slaMs(ticket.subject.team);
        ticket.holder = entry.agentId;
        ticket.assignedAt = at;
        this.fact(at, dims, (t) => {
          t.volume.taken += 1;
          t.durations.wait.push(waited);
          if (breach) t.slaBreaches += 1;
        });
        return;
      }
      case 'reply': {
        if (ticket.answered) return;
        ticket.answered = true;
        this.fact(at, dims, (t) => t.durations.firstResponse.push(at - ticket.enqueuedAt));
        return;
      }
      case 'transferred':
        ticket.holder = entry.toAgentId;
        this.fact(at, dims, (t) => {
          t.volume.transfers += 1;
        });
        return;
      case 'released':
        ticket.holder = undefined;
        ticket.assignedAt = undefined;
        this.fact(at, dims, (t) => {
          t.volume.releases += 1;
        });
        return;
      case 'resolved': {
        const handle = at - (ticket.assignedAt ?? at);
        tickets.delete(entry.conversation);
        closed.set(entry.conversation, { agentId: entry.agentId, subject: ticket.subject });
        this.fact(at, dims, (t) => {
          t.volume.resolved += 1;
          t.durations.handle.push(handle);
          t.durations.resolution.push(at - ticket.enqueuedAt);
        });
        return;
      }
    }
  }

  /** The figures of `query`, in total and by group (groups with nothing counted are left out). */
  figures(query: FigureQuery): { groups: Map<string, Figures>; total: Figures } {
    const total = new Tally();
    const groups = new Map<string, Tally>();
    for (const fact of this.facts) {
      if (fact.at < query.from || fact.at >= query.to) continue;
      if (query.only && fact.dims[query.only.dimension] !== query.only.value) continue;
      fact.add(total);
      const key = this.groupOf(fact, query);
      if (key === undefined) continue;
      let tally = groups.get(key);
      if (!tally) groups.set(key, (tally = new Tally()));
      fact.add(tally);
    }
    const byKey = new Map<string, Figures>();
    for (const key of [...groups.keys()].sort()) {
      const target = query.groupBy === 'team' ? this.slaMs(key) : this.rules.slaMs;
      byKey.set(key, (groups.get(key) as Tally).figures(target));
    }
    return { groups: byKey, total: total.figures(this.rules.slaMs) };
  }

  private groupOf(fact: Fact, query: FigureQuery): string | undefined {
    switch (query.groupBy) {
      case 'none':
        return undefined;
      case 'day':
        return localDay(fact.at, query.tz);
      case 'week':
        return weekOf(localDay(fact.at, query.tz), query.weekStart);
      default:
        return fact.dims[query.groupBy];
    }
  }

  /** The unanswered questions of the business days from `fromDay` to `toDay` (inclusive), most asked first. */
  unanswered(fromDay: string, toDay: string, businessTimeZone: string) {
    const from = dayStart(fromDay, businessTimeZone);
    const to = dayStart(shiftDay(toDay, 1), businessTimeZone);
    const counts = new Map<string, number>();
    for (const q of this.unansweredQuestions) {
      if (q.at < from || q.at >= to) continue;
      const key = `${q.language}|${q.text.slice(0, 200)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }
}
