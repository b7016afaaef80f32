import type { TranscriptEntryView } from '../../src/adapters/web/protocol.ts';
import { compareIds, type SentMessage } from './fault-client.ts';
import { increment } from './stats.ts';

/** What happened to the messages of a fault run, as their customers would tell it. */
export interface FaultCounts {
  messages: number;
  /** Acknowledged (ack frame, customer entry echoed, or HTTP 200) at some point. */
  acknowledged: number;
  /** Answered by the bot within the deadline. */
  answered: number;
  /** Acknowledged, then never answered within the deadline. */
  lost: number;
  /** Of the lost: the customer was sent an error for it after the acknowledgement. */
  lostTold: number;
  /** Of the lost: answered after all, but after the deadline (seen in the grace period). */
  lostAnsweredLater: number;
  /** Never acknowledged and never answered: the customer saw it fail or stay pending. */
  notAcknowledged: number;
  /** Stored twice as the customer's entry, or the same bot reply written twice after it. */
  doubled: number;
  /** Stored before a message of the same customer that had been acknowledged before it was sent. */
  outOfOrder: number;
  /** Answered, but more than 5 s after the customer sent it. */
  late: number;
  /**
   * Stored after the bot put the customer in line for a person, and not answered: the bot is silent then
   * by design.
   */
  heldForPerson: number;
  /** Latency of each answered message in ms (send to the bot's answer). */
  readonly latenciesMs: number[];
  /** Error codes the customers were sent, with how often. */
  readonly errors: Record<string, number>;
  /** A few lost or doubled messages with their conversation's transcript, to look into. */
  readonly examples: string[];
}

export function emptyCounts(): FaultCounts {
  return {
    messages: 0,
    acknowledged: 0,
    answered: 0,
    lost: 0,
    lostTold: 0,
    lostAnsweredLater: 0,
    notAcknowledged: 0,
    doubled: 0,
    outOfOrder: 0,
    late: 0,
    heldForPerson: 0,
    latenciesMs: [],
    errors: {},
    examples: [],
  };
}

export const LATE_MS = 5_000;

/**
 * Judges one widget conversation from its final transcript (read from the server after the deadline) and
 * what its customer sent. A message's answer is the first bot entry after its (first) customer entry and
 * before the next customer entry; its time is that entry's `at` (server clock, same machine).
 */
export function judgeConversation(
  counts: FaultCounts,
  sent: readonly SentMessage[],
  transcript: readonly TranscriptEntryView[],
  options: { deadlineMs: number; handoffTexts: ReadonlySet<string>; conversation: string },
): void {
  const ordered = [...transcript].sort((a, b) => compareIds(a.id, b.id));
  const handoffAt = ordered.findIndex(
    (e) => e.author.kind === 'bot' && options.handoffTexts.has(e.text.trim()),
  );
  const firstIndex = new Map<string, number>();
  for (const message of sent) {
    counts.messages += 1;
    for (const code of message.errors) increment(counts.errors, code);
    const positions = ordered.flatMap((entry, i) =>
      entry.author.kind === 'customer' && entry.clientMessageId === message.clientMessageId ? [i] : [],
    );
    const stored = positions.length > 0;
    const acked = message.acked || stored;
    if (acked) counts.acknowledged += 1;
    const first = positions[0];
    if (first !== undefined) firstIndex.set(message.clientMessageId, first);
    const replies = first === undefined ? [] : botRun(ordered, first);
    // Notices the handoff service posts while the customer waits may repeat; the turn's own replies may not.
    const own = replies.filter((r) => handoffAt < 0 || ordered.indexOf(r) <= handoffAt);
    const doubledReply = new Set(own.map((r) => r.text)).size < own.length;
    if (positions.length > 1 || doubledReply) {
      counts.doubled += 1;
      example(counts, 'doubled', message, options.conversation, ordered);
    }
    // Once the bot has put the customer in line, its entries are the queue's notices, not answers.
    const waiting = first !== undefined && handoffAt >= 0 && first > handoffAt;
    const answer = waiting ? undefined : replies[0];
    const latency = answer ? answer.at - message.sentAt : Number.POSITIVE_INFINITY;
    if (answer && latency <= options.deadlineMs) {
      counts.answered += 1;
      counts.latenciesMs.push(latency);
      if (latency > LATE_MS) counts.late += 1;
    } else if (waiting) {
      counts.heldForPerson += 1;
    } else if (acked) {
      counts.lost += 1;
      if (message.errors.length > 0) counts.lostTold += 1;
      if (answer) counts.lostAnsweredLater += 1;
      example(counts, 'lost', message, options.conversation, ordered);
    } else {
      counts.notAcknowledged += 1;
    }
  }
  // Out of order: stored before a message the server had acknowledged before this one was even sent (a
  // message the customer sent again after a failure may rightly come after later ones).
  for (const message of sent) {
    const at = firstIndex.get(message.clientMessageId);
    if (at === undefined) continue;
    const overtaken = sent.some((earlier) => {
      const earlierAt = firstIndex.get(earlier.clientMessageId);
      const ackedBefore = earlier.ackedAt !== undefined && earlier.ackedAt <= message.sentAt;
      return earlier.seq < message.seq && ackedBefore && earlierAt !== undefined && earlierAt > at;
    });
    if (overtaken) {
      counts.outOfOrder += 1;
      example(counts, 'out of order', message, options.conversation, ordered);
    }
  }
}

/** The bot's entries right after position `at`, up to the next customer entry. */
function botRun(ordered: readonly TranscriptEntryView[], at: number): TranscriptEntryView[] {
  const run: TranscriptEntryView[] = [];
  for (const entry of ordered.slice(at + 1)) {
    if (entry.author.kind === 'customer') break;
    if (entry.author.kind === 'bot') run.push(entry);
  }
  return run;
}

/** Examples kept per kind (lost, doubled, out of order). */
const EXAMPLES = 3;

function example(
  counts: FaultCounts,
  what: string,
  message: SentMessage,
  conversation: string,
  ordered: readonly TranscriptEntryView[],
): void {
  if (counts.examples.filter((e) => e.startsWith(`${what} `)).length >= EXAMPLES) return;
  const entries = ordered
    .map(
      (e) =>
        `${e.author.kind}${e.clientMessageId ? `(${e.clientMessageId})` : ''}@${e.at - message.sentAt}ms`,
    )
    .join(' ');
  counts.examples.push(
    `${what} ${message.clientMessageId} (${conversation}, acked ${message.acked}, errors ${message.errors.join('/') || '-'}): ${entries}`,
  );
}
