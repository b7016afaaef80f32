/**
 * "Did this help?" after an answer: asked in the customer's language with Yes and No, not for answers in a
 * row soon after, answered by a button, a typed word in any language or a lone 1 or 2; a no offers the
 * closest other articles and a person; "that didn't help" unasked counts too; never asked while a person
 * is on the way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { DialogTestClient } from '../../../src/dialogs/dialog-test-client.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { sampleContent, sampleDetector } from '../../helpers/content.ts';
import type { AngerDetector } from '../../../src/sentiment/detector.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
let anger: AngerDetector;
const GAP = 10 * 60_000;

beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
  anger = await sampleDetector();
});

function client(clock = new ManualClock(Date.UTC(2026, 0, 1, 9)), handoff = true) {
  return new DialogTestClient({
    knowledge,
    catalog,
    clock,
    engine: { helpful: { gapMs: GAP }, anger, handoff },
  });
}

describe('did this help?', () => {
  it('asks after an answer in the customer’s language, with Yes and No as choices', async () => {
    const c = client();
    const replies = await c.send('چطوری می‌تونم سفارشم رو مرجوع کنم؟');
    expect(replies.at(-2)?.meta).toMatchObject({ kind: 'answer', articleId: 'returns' });
    const question = replies.at(-1);
    expect(question?.text).toBe(catalog.text('fa', 'helpful_question'));
    expect(question?.choices).toEqual([
      { label: 'بله', value: '#helpful:yes' },
      { label: 'نه', value: '#helpful:no' },
    ]);
    expect((await c.conversation())?.lastQuestion).toMatchObject({ articleId: 'returns', helpfulOpen: true });
  });

  it('thanks a yes, and does not ask again for answers soon after; asks again after the gap', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 9));
    const c = client(clock);
    await c.send('How long does delivery take?');
    const yes = await c.send('#helpful:yes');
    expect(yes.map((r) => r.text)).toEqual([catalog.text('en', 'helpful_thanks')]);
    expect(yes[0]?.choices).toBeUndefined();
    const customer = (await c.transcript()).filter((e) => e.author.kind === 'customer').at(-1);
    expect(customer?.text).toBe('Yes'); // the label, not the value

    clock.advance(60_000);
    const next = await c.send('How much is delivery?');
    expect(next.at(-1)?.meta?.kind).toBe('answer'); // answered, not asked about
    clock.advance(GAP);
    const later = await c.send('can i return something i bought last week?');
    expect(later.at(-1)?.text).toBe(catalog.text('en', 'helpful_question'));
  });

  it('takes a typed yes or no in any language, and a lone 1 or 2 (numbered choices)', async () => {
    for (const [typed, helpful] of [
      ['آره', true],
      ['nope', false],
      ['لا', false],
      ['۱', true],
      ['2', false],
    ] as const) {
      const c = client();
      await c.send('How long does delivery take?');
      await c.send(typed);
      const replies = (await c.transcript()).slice(-2).map((e) => e.text);
      expect((await c.conversation())?.lastQuestion?.helpfulOpen, typed).toBeFalsy();
      if (helpful) expect(replies.at(-1), typed).toBe(catalog.text('en', 'helpful_thanks'));
      else expect(replies, typed).toContain(catalog.text('en', 'helpful_sorry'));
    }
  });

  it('answers a no with thanks and the closest other articles and a person; a picked one is answered', async () => {
    const c = client();
    await c.send('How long does delivery take?');
    const no = await c.send('#helpful:no');
    expect(no[0]?.text).toBe(catalog.text('en', 'helpful_sorry'));
    const offer = no.at(-1);
    const values = offer?.choices?.map((choice) => choice.value) ?? [];
    expect(values.at(-1)).toBe('#person');
    expect(values).not.toContain('#article:delivery-times');
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect((await c.conversation())?.failedAnswers).toBe(1);

    const picked = values[0] ?? '';
    const answer = await c.send(picked);
    expect(answer[0]?.meta).toMatchObject({ kind: 'answer', articleId: picked.replace('#article:', '') });
    // The answer to the same question: remembered with it.
    expect((await c.conversation())?.lastQuestion?.text).toBe('How long does delivery take?');
  });

  it('counts "that didn’t help" soon after an answer, but not an hour later', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 9));
    const c = client(clock);
    await c.send('How long does delivery take?');
    await c.send('#helpful:yes');
    clock.advance(60_000);
    await c.send('How much is delivery?'); // answered; not asked about (the gap)
    expect((await c.conversation())?.lastQuestion).toMatchObject({ articleId: 'delivery-cost' });
    const said = await c.send('hmm, that didn’t help me');
    expect(said.map((r) => r.text)).toContain(catalog.text('en', 'helpful_sorry'));

    clock.advance(60_000);
    await c.send('can i return something i bought last week?');
    clock.advance(60 * 60_000);
    const late = await c.send('that did not help');
    expect(late.map((r) => r.text)).not.toContain(catalog.text('en', 'helpful_sorry'));
  });

  it('a stale Yes button (the question closed) is an expired choice', async () => {
    const c = client();
    await c.send('How long does delivery take?');
    await c.send('How much is delivery?');
    const stale = await c.send('#helpful:yes');
    expect(stale.map((r) => r.text)).toEqual([catalog.text('en', 'choice_expired')]);
  });

  it('never asks when the answer hands the chat to a person, nor when the customer asks for one', async () => {
    const c = client();
    const replies = await c.send('How do I delete my account?'); // needs_person: true
    expect(replies.some((r) => r.meta?.kind === 'handoff')).toBe(true);
    expect(replies.map((r) => r.text)).not.toContain(catalog.text('en', 'helpful_question'));

    const d = client();
    await d.send('How long does delivery take?');
    const person = await d.send('that didn’t help, I want a real person');
    expect(person.at(-1)?.meta?.kind).toBe('handoff');
    expect(person.map((r) => r.text)).not.toContain(catalog.text('en', 'helpful_sorry'));
  });

  it('is off unless the engine is told to ask', async () => {
    const c = new DialogTestClient({ knowledge, catalog });
    const replies = await c.send('How long does delivery take?');
    expect(replies.at(-1)?.meta?.kind).toBe('answer');
  });
});
