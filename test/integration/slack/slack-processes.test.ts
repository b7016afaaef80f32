/**
 * Slack with two hamdel processes on one Redis (real Bolt, fake Web API): an event Slack delivers to both
 * is handled once; an event whose handling failed is answered 500 and handled when Slack delivers it again;
 * one process follows the escalation threads, and another takes over when it is gone, mirroring what was
 * written meanwhile once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SlackAgentLinks } from '../../../src/adapters/slack/agent-links.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { FAKE_TEAM, type FakeSlack, type SlackCall } from '../../helpers/fake-slack.ts';
import { connectRedis, deleteKeys } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { TestVisitor, WidgetTestClient } from '../../helpers/ws-client.ts';
import {
  AGENT_CHANNEL,
  directMessage,
  eventually,
  postEvent,
  pressButton,
  SIGNING_SECRET,
  startSlackServer,
} from './slack-fixture.ts';

const LEASE = { SLACK_BOARD_LEASE_SECONDS: '1' };
const ASK_FOR_PERSON = 'میخوام با یه کارشناس صحبت کنم';

describe('Slack with two hamdel processes', () => {
  let slack: FakeSlack;
  let a: TestServer;
  let b: TestServer;
  let redis: ReturnType<typeof connectRedis>;
  const customers: WidgetTestClient[] = [];
  let aClosed = false;

  beforeEach(async () => {
    ({ slack, server: a } = await startSlackServer(LEASE));
    b = await startTestServer({
      prefix: a.prefix,
      env: {
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        SLACK_AGENT_CHANNEL: AGENT_CHANNEL,
        ...LEASE,
      },
    });
    await a.hamdel.human.agents.create({
      id: 'sara',
      name: 'سارا',
      languages: ['fa'],
      password: 'agent password 123',
    });
    redis = connectRedis();
    await new SlackAgentLinks(redis, a.prefix).link('U0SARA', 'sara');
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const customer of customers.splice(0)) customer.close();
    await b.close({ keepData: true });
    if (aClosed) await deleteKeys(redis, a.prefix);
    else await a.close();
    aClosed = false;
    redis.disconnect();
    await slack.close();
  });

  const text = (c: SlackCall) => JSON.stringify(c.args.blocks ?? c.args.text);
  const roots = () =>
    slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.args.channel === AGENT_CHANNEL && !c.args.thread_ts,
    );
  const inThread = (rootTs: string, words: string) =>
    slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.args.thread_ts === rootTs && text(c).includes(words),
    );
  const store = () => new RedisConversationStore({ redis, prefix: a.prefix, clock: systemClock });

  /** A widget customer on `server` who asks for a person; resolves with the escalation's ts. */
  const escalate = async (server: TestServer, label: string, visitor = new TestVisitor()) => {
    const customer = await WidgetTestClient.connect(server.url, { visitor, lang: 'fa' });
    customers.push(customer);
    customer.send({ type: 'hello' });
    const { conversationId } = await customer.welcome();
    await customer.say(ASK_FOR_PERSON, `${label}-1`);
    const root = await slack.waitForCall(
      (c) => roots().includes(c) && text(c).includes(conversationId),
      'the escalation posted',
    );
    return { customer, conversationId, rootTs: String(root.result.ts) };
  };
  /** Sara takes the chat from Slack. */
  const take = async (server: TestServer, conversationId: string, rootTs: string) => {
    const press = {
      channel: AGENT_CHANNEL,
      messageTs: rootTs,
      actionId: 'hamdel_take',
      value: conversationId,
    };
    await pressButton(server, { ...press, user: 'U0SARA' });
    await eventually(
      async () => (await a.hamdel.human.queue.ticket(conversationId))?.agentId === 'sara',
      'the chat taken',
    );
  };
  const reply = (rootTs: string, words: string, ts: string) => ({
    type: 'message',
    channel: AGENT_CHANNEL,
    channel_type: 'channel',
    user: 'U0SARA',
    text: words,
    ts,
    thread_ts: rootTs,
  });

  it('handles an event delivered to both processes once', async () => {
    const { customer, conversationId, rootTs } = await escalate(a, 'visitor-both');
    await take(b, conversationId, rootTs);

    // Slack delivers the agent's reply to both processes at once (a retry that crossed the first delivery).
    const event = reply(rootTs, 'سلام، در خدمتم', '1800000010.000100');
    const answers = await Promise.all([
      postEvent(a, event, { eventId: 'Ev0BOTH' }),
      postEvent(b, event, { eventId: 'Ev0BOTH', retryNum: 1 }),
    ]);
    // Each is 200, or 500 when it was still being handled by the other (Slack then delivers it once more).
    expect(answers.map((r) => r.status)).toContain(200);
    for (const answer of answers) expect([200, 500]).toContain(answer.status);
    expect((await postEvent(b, event, { eventId: 'Ev0BOTH', retryNum: 2 })).status).toBe(200);
    await customer.waitFor((f) => f.type === 'entry' && f.entry.text === 'سلام، در خدمتم', 10_000);
    await customer.say('ممنون', 'visitor-both-2'); // a later turn: any second delivery would show by now
    const shown = customer.frames.filter((f) => f.type === 'entry' && f.entry.text === 'سلام، در خدمتم');
    expect(shown).toHaveLength(1);

    // A customer's direct message delivered to both: one turn.
    const dm = directMessage('U0BOTH', 'How can I reset my password?');
    await Promise.all([
      postEvent(a, dm, { eventId: 'Ev0DMBOTH' }),
      postEvent(b, dm, { eventId: 'Ev0DMBOTH', retryNum: 1 }),
    ]);
    await postEvent(b, directMessage('U0BOTH', 'thanks'));
    const transcript = await eventually(async () => {
      const t = await store().transcript(`slack-${FAKE_TEAM}-U0BOTH`);
      return t.some((e) => e.text === 'thanks') && t;
    }, 'the second message');
    expect(transcript.filter((e) => e.text === 'How can I reset my password?')).toHaveLength(1);
  });

  it('answers 500 for an event whose handling failed, and handles it when Slack delivers it again', async () => {
    const { customer, conversationId, rootTs } = await escalate(a, 'visitor-crash');
    await take(a, conversationId, rootTs);

    // The process fails in the middle of the agent's reply (after Slack's event was taken in).
    const say = vi
      .spyOn(a.hamdel.human.service, 'say')
      .mockRejectedValueOnce(new Error('the process failed mid-event'));
    const event = reply(rootTs, 'الان بررسی می‌کنم', '1800000020.000100');
    expect((await postEvent(a, event, { eventId: 'Ev0CRASH' })).status).toBe(500);
    expect(say).toHaveBeenCalledTimes(1);
    // Slack delivers it again (here to the other process): handled, and shown once.
    expect((await postEvent(b, event, { eventId: 'Ev0CRASH', retryNum: 1 })).status).toBe(200);
    await customer.waitFor((f) => f.type === 'entry' && f.entry.text === 'الان بررسی می‌کنم', 10_000);
    expect((await postEvent(a, event, { eventId: 'Ev0CRASH', retryNum: 2 })).status).toBe(200);
    await customer.say('باشه', 'visitor-crash-2');
    const shown = customer.frames.filter((f) => f.type === 'entry' && f.entry.text === 'الان بررسی می‌کنم');
    expect(shown).toHaveLength(1);

    // The same for a customer's direct message that could not be queued.
    const enqueue = vi
      .spyOn(a.hamdel.turns, 'enqueue')
      .mockRejectedValueOnce(new Error('the process failed mid-event'));
    const dm = directMessage('U0CRASH', 'How can I reset my password?');
    expect((await postEvent(a, dm, { eventId: 'Ev0DMCRASH' })).status).toBe(500);
    expect(enqueue).toHaveBeenCalledTimes(1);
    expect((await postEvent(b, dm, { eventId: 'Ev0DMCRASH', retryNum: 1 })).status).toBe(200);
    await eventually(
      () => slack.callsOf('chat.postMessage').some((c) => c.args.channel === 'DU0CRASH'),
      'the answer to the redelivered message',
    );
    const transcript = await store().transcript(`slack-${FAKE_TEAM}-U0CRASH`);
    expect(transcript.filter((e) => e.text === 'How can I reset my password?')).toHaveLength(1);
  });

  it('follows threads from one process; another takes over when it is gone and mirrors what it missed', async () => {
    const visitor = 'visitor-handover';
    const first = await escalate(a, visitor);
    const sameBrowser = first.customer.visitor;
    const { conversationId, rootTs } = first;
    await first.customer.say('سفارش ۱۲۳۴', `${visitor}-2`);
    await eventually(() => inThread(rootTs, 'سفارش ۱۲۳۴').length === 1, 'mirrored');
    // Only the process holding the board listens to the conversation (a holds the customer's socket too).
    const listeners = async () => {
      const channels = (await redis.pubsub('CHANNELS', `${a.prefix}*`)) as string[];
      const mine = channels.filter((c) => c.includes(conversationId));
      if (mine.length === 0) return 0;
      const counts = (await redis.pubsub('NUMSUB', ...mine)) as (string | number)[];
      return counts.filter((_, i) => i % 2 === 1).reduce<number>((sum, n) => sum + Number(n), 0);
    };
    expect(await listeners()).toBe(1);

    // a goes away, and its lease stays for a while as if it had died.
    first.customer.close();
    await a.close({ keepData: true });
    aClosed = true;
    await redis.set(`${a.prefix}{slack}:board`, 'a-process-that-died', 'PX', 60_000);
    const again = await WidgetTestClient.connect(b.url, { visitor: sameBrowser, lang: 'fa' });
    customers.push(again);
    again.send({ type: 'hello' });
    await again.waitFor((f) => f.type === 'welcome');
    await again.say('کسی هست؟', `${visitor}-3`);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // b tries the lease twice meanwhile
    expect(inThread(rootTs, 'کسی هست؟')).toHaveLength(0);

    await redis.pexpire(`${a.prefix}{slack}:board`, 200); // the dead holder's lease runs out
    await eventually(() => inThread(rootTs, 'کسی هست؟').length > 0, 'the missed message mirrored', 15_000);
    await again.say('ممنون', `${visitor}-4`);
    await eventually(() => inThread(rootTs, 'ممنون').length > 0, 'a new message mirrored');
    expect(inThread(rootTs, 'سفارش ۱۲۳۴')).toHaveLength(1);
    expect(inThread(rootTs, 'کسی هست؟')).toHaveLength(1);
    expect(inThread(rootTs, 'ممنون')).toHaveLength(1);
    expect(roots()).toHaveLength(1);
  });
});
