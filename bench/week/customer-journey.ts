/**
 * How the simulated customers behave: a visit for what they came for (a question, a person, a complaint, a
 * hello), what they do with the bot's answer (ask again, pick one of the articles offered, refuse them, ask
 * for a person), leaving the line when their patience runs out, talking to the agent, rating, coming back.
 * Every message is logged with what the customer saw in reply (sim-log.ts).
 */
import { DEFAULT_DIGIT_POLICY, localizeDigits } from '../../src/language/digits.ts';
import { ANGRY, ASK_FOR_PERSON, HELLO, LEAVE_LINE, OFF_TOPIC, RATING_COMMENTS, TO_AGENT } from './phrases.ts';
import type { MessageEntry } from './sim-log.ts';
import type { Intent } from './week-plan.ts';
import type { Customer, World } from './week-world.ts';

const SEC = 1000;
const MIN = 60 * SEC;

/** What the customer meant by a message (the simulation's intent, not what the bot made of it). */
interface Meant {
  readonly input: MessageEntry['input'];
  readonly asksPerson?: boolean;
  readonly rejects?: boolean;
  readonly leaves?: boolean;
  readonly rating?: { readonly rating: number; readonly comment?: string };
}

function choose<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** A question an article of the customer's language answers (its sample questions). */
function answerableQuestion(world: World, customer: Customer, topic?: string): string {
  const articles = world.reader.knowledge.articles.filter(
    (a) => a.language === customer.plan.language && (topic === undefined || a.tags.includes(topic)),
  );
  const article = choose(customer.plan.rand, articles);
  return choose(customer.plan.rand, article.questions);
}

/**
 * Sends one message and logs it with what came back: the bot's answer, choices, apology, hand-over, thanks
 * for a rating, leaving the line. Returns what the customer saw.
 */
export async function say(world: World, customer: Customer, text: string, meant: Meant) {
  const before = customer.state;
  const at = world.now();
  const replies = await customer.line.send(text);
  const seen = world.reader.read(replies, customer.line.rendering);
  // The conversation's language is the one the bot answers in (it may follow a customer who switches).
  if (seen.language && seen.language !== customer.language) {
    world.log.note(`${customer.plan.id}: "${text}" answered in ${seen.language}, not ${customer.language}`);
    customer.language = seen.language;
  }
  const withBot = before === 'bot';
  const surveyed = customer.survey;
  customer.survey = undefined; // any message closes the 1-5 question
  const rated = withBot && surveyed !== undefined && meant.rating !== undefined && seen.surveyThanks;
  if (meant.rating && !rated) world.log.surprise(`${customer.plan.id}: a rating was not taken`);
  const moodRead = withBot && meant.input === 'text' && !rated; // a typed rating is not read for mood
  const angry = moodRead && seen.apology;
  if (moodRead) customer.lastMoodAngry = angry;
  // Handed over with no answer, no choices, no "no answer": the bot honoured a request for a person (the
  // customer's words, a tapped "talk to a person", or the article on talking to a person's own questions),
  // unless it was anger alone with an unclear question (then the apology shows, and no request was meant).
  const kbReplies = seen.answers.length + Number(seen.clarified) + Number(seen.noAnswer);
  const personRequested =
    withBot && seen.connecting && kbReplies === 0 && (!angry || meant.asksPerson === true);
  if (withBot && meant.asksPerson && !personRequested) {
    world.log.surprise(`${customer.plan.id}: "${text}" was not taken as a request for a person`);
  }
  if (withBot) {
    if (seen.answers.length > 0) customer.lastArticle = seen.answers[seen.answers.length - 1];
    else if (seen.clarified && seen.firstOffered) customer.lastArticle = seen.firstOffered;
  }
  const language = customer.language;
  let escalation: MessageEntry['escalation'];
  if (withBot && seen.connecting) {
    const needsPerson = seen.answers.some((id) => world.reader.knowledge.article(language, id)?.needsPerson);
    const reasons = [
      ...(needsPerson ? ['needs-person'] : []),
      ...(personRequested ? ['customer-asked'] : []),
      ...(angry ? ['anger'] : []),
    ];
    if (reasons.length === 0) world.log.surprise(`${customer.plan.id}: put in line for no reason seen`);
    const subject = { channel: customer.line.channel, language, team: world.teamFor(customer, language) };
    escalation = { ...subject, reasons, angry: customer.lastMoodAngry };
    customer.state = 'waiting';
    world.tickets.set(customer.line.conversationId, { customer, subject, reasons, enqueuedAt: at });
  }
  const leftLine = before === 'waiting' && seen.waitCancelled;
  if (meant.leaves && !leftLine) world.log.surprise(`${customer.plan.id}: could not leave the line`);
  if (leftLine) customer.state = 'bot';
  const conversation = customer.line.conversationId;
  world.log.add({
    kind: 'message',
    at,
    conversation,
    channel: customer.line.channel,
    language,
    withBot,
    input: meant.input,
    text,
    moodRead,
    angry,
    answered: withBot ? seen.answers.length : 0,
    clarified: withBot ? Number(seen.clarified) : 0,
    unanswered: withBot ? Number(seen.noAnswer) : 0,
    rejected: withBot && meant.rejects === true,
    personRequested,
    ...(escalation ? { escalation } : {}),
    ...(rated && surveyed && meant.rating
      ? { rating: { ...surveyed.subject, ...meant.rating, agentId: surveyed.agentId } }
      : {}),
    ...(leftLine ? { leftLine: true } : {}),
  });
  if (leftLine) world.tickets.delete(conversation);
  customer.lastMessageAt = at;
  if (escalation) whileInLine(world, customer);
  return seen;
}

/** Starts a visit: the customer writes for what they came for, and goes on from what they see. */
export async function visit(world: World, customer: Customer, intent: Intent, depth = 0): Promise<void> {
  if (customer.state !== 'bot' || customer.survey) return; // busy with a person, or about to rate
  const { rand, language } = customer.plan;
  const next = (run: () => Promise<void>) => world.later((15 + rand() * 75) * SEC, run);
  switch (intent) {
    case 'hello':
      await say(world, customer, choose(rand, HELLO[language]), { input: 'text' });
      return goAway(world, customer);
    case 'person': {
      if (rand() < 0.3 && depth === 0) {
        await say(world, customer, choose(rand, HELLO[language]), { input: 'text' });
        return next(() => visit(world, customer, 'person', depth + 1));
      }
      await say(world, customer, choose(rand, ASK_FOR_PERSON[language]), { input: 'text', asksPerson: true });
      return goAway(world, customer);
    }
    case 'billing': {
      const seen = await say(world, customer, answerableQuestion(world, customer, 'payment'), {
        input: 'text',
      });
      if (customer.state !== 'bot') return goAway(world, customer);
      if (seen.clarified && seen.firstOffered) {
        return next(async () => {
          await pick(world, customer, `#article:${seen.firstOffered}`);
          next(() => visit(world, customer, 'person', 1));
        });
      }
      return next(() => visit(world, customer, 'person', 1));
    }
    case 'angry':
      await afterQuestion(world, customer, choose(rand, ANGRY[language]), depth);
      return;
    case 'off-topic':
      await afterQuestion(world, customer, choose(rand, OFF_TOPIC[language]), depth);
      return;
    case 'answerable':
      await afterQuestion(world, customer, answerableQuestion(world, customer), depth);
      return;
  }
}

/** A question, then what the customer does with the bot's reply. */
async function afterQuestion(world: World, customer: Customer, question: string, depth: number) {
  const { rand } = customer.plan;
  const seen = await say(world, customer, question, { input: 'text' });
  if (customer.state !== 'bot' || depth >= 3) return goAway(world, customer);
  const then = (run: () => Promise<void>) => world.later((15 + rand() * 75) * SEC, run);
  const roll = rand();
  if (seen.clarified && seen.firstOffered) {
    if (roll < 0.5)
      return then(() =>
        pick(world, customer, `#article:${seen.firstOffered}`).then(() => goAway(world, customer)),
      );
    if (roll < 0.75) return then(() => refuse(world, customer));
  } else if (seen.noAnswer) {
    if (roll < 0.35) return then(() => askPerson(world, customer, '#person', 'choice'));
    if (roll < 0.55) return then(() => visit(world, customer, 'off-topic', depth + 1));
  } else if (seen.answers.length > 0) {
    if (roll < 0.15) return then(() => visit(world, customer, 'answerable', depth + 1));
    if (roll < 0.25)
      return then(() =>
        askPerson(world, customer, choose(rand, ASK_FOR_PERSON[customer.plan.language]), 'text'),
      );
  }
  return goAway(world, customer);
}

async function pick(world: World, customer: Customer, value: string): Promise<void> {
  if (customer.state !== 'bot') return;
  await say(world, customer, value, { input: 'choice' });
}

async function refuse(world: World, customer: Customer): Promise<void> {
  if (customer.state !== 'bot') return;
  const seen = await say(world, customer, '#none', { input: 'choice', rejects: true });
  if (seen.noAnswer && customer.plan.rand() < 0.4) {
    return world.later((15 + customer.plan.rand() * 60) * SEC, () =>
      askPerson(world, customer, '#person', 'choice'),
    );
  }
  return goAway(world, customer);
}

async function askPerson(world: World, customer: Customer, text: string, input: 'text' | 'choice') {
  if (customer.state !== 'bot' || customer.survey) return;
  await say(world, customer, text, { input, asksPerson: true });
  return goAway(world, customer);
}

/** The visit's bot part is over: the page is closed. */
async function goAway(_world: World, customer: Customer): Promise<void> {
  await customer.line.leave();
}

/** Put in line: a customer with limited patience leaves the line when it runs out. */
function whileInLine(world: World, customer: Customer): void {
  const patience = customer.plan.patienceMs;
  if (patience === undefined) return;
  const ticket = world.tickets.get(customer.line.conversationId);
  world.later(patience, async () => {
    const now = world.tickets.get(customer.line.conversationId);
    if (!now || now !== ticket || now.holder !== undefined || customer.state !== 'waiting') return;
    await say(world, customer, choose(customer.plan.rand, LEAVE_LINE[customer.plan.language]), {
      input: 'text',
      leaves: true,
    });
    await goAway(world, customer);
  });
}

/** An agent wrote: the customer may answer, once in a while. */
export function agentReplied(world: World, customer: Customer): void {
  const { rand, language } = customer.plan;
  if (rand() < 0.45) return;
  world.later((20 + rand() * 100) * SEC, async () => {
    if (customer.state !== 'agent') return;
    await say(world, customer, choose(rand, TO_AGENT[language]), { input: 'text' });
  });
}

/** The agent resolved the chat: the bot asks for a rating, which most customers give. */
export function resolved(world: World, customer: Customer, agentId: string): void {
  const ticket = world.tickets.get(customer.line.conversationId);
  if (!ticket) throw new Error(`${customer.plan.id}: resolved without a ticket`);
  world.tickets.delete(customer.line.conversationId);
  customer.state = 'bot';
  customer.survey = { agentId, subject: ticket.subject };
  const { rand, language } = customer.plan;
  if (rand() < 0.35) {
    customer.survey = undefined; // the question stays open in the service until the next message
    return;
  }
  const rating = 1 + Math.floor(rand() ** 0.6 * 5);
  const withComment = rand() < 0.5;
  const tapped = !withComment && rand() < 0.5 && customer.line.channel !== 'http';
  world.later((0.5 + rand() * 8) * MIN, async () => {
    if (!customer.survey) return;
    const digit = localizeDigits(String(rating), language, DEFAULT_DIGIT_POLICY);
    const comment = withComment ? RATING_COMMENTS[language][rating] : undefined;
    // A comment follows the rating after a separator, as the survey asks ("4 - quick answer", "۴، سریع بود").
    const separator = language === 'en' ? ' - ' : '، ';
    const text = tapped ? `#rate:${rating}` : comment ? `${digit}${separator}${comment}` : digit;
    await say(world, customer, text, {
      input: tapped ? 'choice' : 'text',
      rating: { rating, ...(comment ? { comment } : {}) },
    });
    await goAway(world, customer);
  });
}

/** Schedules the customer's first visit and the ones after it. */
export function planVisits(world: World, customer: Customer): void {
  const { plan } = customer;
  world.queue.at(plan.firstAt, () => visit(world, customer, plan.intent));
  let at = plan.firstAt;
  for (const back of plan.returns) {
    at += back.afterMs;
    const exact = back.exact === true;
    const run = async (): Promise<void> => {
      // Exactly one idle window after the last message: the boundary of a new conversation.
      const last = customer.lastMessageAt;
      if (exact && last !== undefined && last + back.afterMs !== world.now()) {
        if (last + back.afterMs > world.now()) world.queue.at(last + back.afterMs, run);
        return;
      }
      await visit(world, customer, back.intent);
    };
    world.queue.at(at, run);
  }
}
