import { describe, expect, it } from 'vitest';
import type { TranscriptEntryView } from '../../../src/adapters/web/protocol.ts';
import type { SentMessage } from '../../../bench/load/fault-client.ts';
import { emptyCounts, judgeConversation } from '../../../bench/load/fault-verdict.ts';

const T0 = 1_800_000_000_000;
const HANDOFF = 'I am passing your conversation to a person.';

function sent(seq: number, extra: Partial<SentMessage> = {}): SentMessage {
  return {
    clientMessageId: `m${seq}`,
    text: `q${seq}`,
    seq,
    sentAt: T0 + seq * 1000,
    acked: true,
    errors: [],
    ...extra,
  };
}

let nextId = 0;
function customer(id: string, at: number): TranscriptEntryView {
  nextId += 1;
  return { id: `${T0 + nextId}-0`, author: { kind: 'customer' }, text: id, at, clientMessageId: id };
}
function bot(text: string, at: number): TranscriptEntryView {
  nextId += 1;
  return { id: `${T0 + nextId}-0`, author: { kind: 'bot' }, text, at };
}

function judge(messages: SentMessage[], transcript: TranscriptEntryView[]) {
  const counts = emptyCounts();
  judgeConversation(counts, messages, transcript, {
    deadlineMs: 30_000,
    handoffTexts: new Set([HANDOFF]),
    conversation: 'c',
  });
  return counts;
}

describe('judging a fault run from a transcript', () => {
  it('counts answered messages and their latency from the send', () => {
    const counts = judge(
      [sent(0), sent(1)],
      [
        customer('m0', T0),
        bot('hi', T0 + 40),
        bot('answer 0', T0 + 40),
        customer('m1', T0 + 1000),
        bot('answer 1', T0 + 7000),
      ],
    );
    expect(counts).toMatchObject({ messages: 2, acknowledged: 2, answered: 2, lost: 0, doubled: 0, late: 1 });
    expect(counts.latenciesMs).toEqual([40, 6000]);
  });

  it('calls an acknowledged message with no reply lost, and one answered after the deadline lost too', () => {
    const counts = judge(
      [sent(0, { errors: ['TURN_TIMEOUT'] }), sent(1)],
      [customer('m0', T0), customer('m1', T0 + 1000), bot('answer 1', T0 + 1000 + 31_000)],
    );
    expect(counts).toMatchObject({ answered: 0, lost: 2, lostTold: 1, lostAnsweredLater: 1 });
  });

  it('calls a message never acknowledged and never stored "not acknowledged", not lost', () => {
    const counts = judge([sent(0, { acked: false })], []);
    expect(counts).toMatchObject({ lost: 0, notAcknowledged: 1 });
  });

  it('sees a customer entry stored twice, and the same reply written twice, as doubled', () => {
    const twice = judge(
      [sent(0)],
      [customer('m0', T0), bot('a', T0 + 5), customer('m0', T0), bot('a', T0 + 9)],
    );
    expect(twice).toMatchObject({ doubled: 1, answered: 1 });
    const replyTwice = judge([sent(0)], [customer('m0', T0), bot('a', T0 + 5), bot('a', T0 + 9)]);
    expect(replyTwice.doubled).toBe(1);
  });

  it('does not count silence after a handoff as loss', () => {
    const counts = judge(
      [sent(0), sent(1)],
      [
        customer('m0', T0),
        bot(HANDOFF, T0 + 5),
        customer('m1', T0 + 1000),
        bot('You are number 2 in line.', T0 + 5000),
      ],
    );
    expect(counts).toMatchObject({ answered: 1, heldForPerson: 1, lost: 0 });
  });

  it('counts out of order only when the earlier message was acknowledged before the later one was sent', () => {
    const reordered = judge(
      [sent(0, { ackedAt: T0 + 10 }), sent(1)],
      [customer('m1', T0 + 1000), bot('1', T0 + 1010), customer('m0', T0), bot('0', T0 + 1020)],
    );
    expect(reordered.outOfOrder).toBe(1);
    const resentAfterFailure = judge(
      [sent(0, { ackedAt: T0 + 5000 }), sent(1)],
      [customer('m1', T0 + 1000), bot('1', T0 + 1010), customer('m0', T0), bot('0', T0 + 5020)],
    );
    expect(resentAfterFailure.outOfOrder).toBe(0);
  });
});
