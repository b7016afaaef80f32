/**
 * Issue 6's whole journey across both channels, on the real grammY and Bolt stacks against fake Telegram
 * and Slack APIs, with a real server, Redis and BullMQ: a Persian customer on Telegram asks, gets an answer,
 * gets angry, is told the place in line and the wait (edited in place as the line moves), is taken by an
 * agent working in Slack, gets the agent's reply, and rates the service.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackAgentLinks } from '../../../src/adapters/slack/agent-links.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import type { MessageCatalog, MessageKey } from '../../../src/dialogs/message-catalog.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits } from '../../../src/language/digits.ts';
import { sampleContent } from '../../helpers/content.ts';
import type { FakeSlack, SlackCall } from '../../helpers/fake-slack.ts';
import { FakeSlack as Slack } from '../../helpers/fake-slack.ts';
import { FakeTelegram, updates, type TelegramCall } from '../../helpers/fake-telegram.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { AGENT_CHANNEL, postEvent, pressButton, SIGNING_SECRET } from '../slack/slack-fixture.ts';
import { eventually, movableClock } from '../../helpers/time.ts';

const TELEGRAM_SECRET = 'journey-webhook-secret-0123456789';
const SARA = 'U0SARA';
const ANGRY = 'سه هفته‌ست سفارشم نرسیده، واقعاً افتضاحه!!! دیگه هیچوقت از شما خرید نمیکنم';

let catalog: MessageCatalog;
beforeAll(async () => {
  ({ catalog } = await sampleContent());
});
const fa = (key: MessageKey, values: Record<string, string> = {}) =>
  localizeDigits(catalog.text('fa', key, values), 'fa', DEFAULT_DIGIT_POLICY);

const textOf = (call: TelegramCall) => String(call.payload.text ?? '');
const sendsTo = (chatId: number, contains: string) => (call: TelegramCall) =>
  call.method === 'sendMessage' &&
  call.status === 200 &&
  call.payload.chat_id === chatId &&
  textOf(call).includes(contains);
const blocks = (call: SlackCall) => JSON.stringify(call.args.blocks ?? call.args.text);

describe('a Telegram customer served by an agent in Slack', () => {
  let telegram: FakeTelegram;
  let slack: FakeSlack;
  let server: TestServer;
  const clock = movableClock(Date.UTC(2026, 10, 23, 8, 0));

  beforeEach(async () => {
    telegram = await FakeTelegram.start();
    slack = await Slack.start();
    server = await startTestServer({
      clock,
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        SLACK_AGENT_CHANNEL: AGENT_CHANNEL,
        // The test moves the line on itself (service.updateWait), as the supervisor would.
        HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000',
      },
    });
    await server.hamdel.human.agents.create({
      id: 'sara',
      name: 'سارا',
      languages: ['fa'],
      password: 'agent password 123',
    });
    await server.hamdel.human.presence.setStatus('sara', 'online');
    const redis = connectRedis();
    await new SlackAgentLinks(redis, server.prefix).link(SARA, 'sara');
    redis.disconnect();
  });
  afterEach(async () => {
    await server.close();
    await telegram.close();
    await slack.close();
  });

  const post = (update: unknown) =>
    fetch(`${server.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(update),
    });
  const escalationOf = (conversationId: string) =>
    slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === AGENT_CHANNEL &&
        !c.args.thread_ts &&
        blocks(c).includes(conversationId),
      `the escalation of ${conversationId}`,
    );
  const take = async (conversationId: string) => {
    const posted = await escalationOf(conversationId);
    const ts = String(posted.result.ts);
    const pressed = await pressButton(server, {
      user: SARA,
      channel: AGENT_CHANNEL,
      messageTs: ts,
      actionId: 'hamdel_take',
      value: conversationId,
    });
    expect(pressed.status).toBe(200);
    return ts;
  };

  it('asks, gets angry, waits with an honest place in line, is served from Slack, and rates', async () => {
    const { service, queue } = server.hamdel.human;
    // Another Telegram customer is already in line.
    await post(updates.text(8100, ANGRY));
    await telegram.waitForCall(sendsTo(8100, 'نفر ۱'), 'the first customer in line');

    // Our customer asks and gets the article, in Persian with Persian digits.
    const B = 8101;
    await post(updates.text(B, 'هزینه ارسال چقدره؟'));
    await telegram.waitForCall(sendsTo(B, '۱۵'), 'the answer');

    // Gets angry: an apology, then place 2 in line.
    await post(updates.text(B, ANGRY));
    await telegram.waitForCall(sendsTo(B, fa('apology')), 'the apology');
    const wait = await telegram.waitForCall(sendsTo(B, 'نفر ۲'), 'the place in line');
    const waitId = (wait.result as { message_id: number }).message_id;

    // Sara takes the first customer in Slack; the line moves and the same Telegram message is edited.
    await take('tg-8100');
    await eventually(async () => (await queue.ticket('tg-8100'))?.agentId === 'sara', 'the first chat taken');
    await server.hamdel.turns.settled(); // the wait's message id is remembered once Telegram has answered
    clock.advance(25_000);
    const waiting = await server.hamdel.human.service.chat(`tg-${B}`);
    expect(waiting?.packet.reasons).toContain('anger');
    const redis = connectRedis();
    const conversation = await new RedisConversationStore({ redis, prefix: server.prefix, clock }).get(
      `tg-${B}`,
    );
    redis.disconnect();
    if (!conversation) throw new Error('no conversation');
    await service.updateWait(conversation);
    await telegram.waitForCall(
      (c) =>
        c.method === 'editMessageText' &&
        c.payload.chat_id === B &&
        c.payload.message_id === waitId &&
        c.status === 200,
      'the wait edited in place',
    );
    expect(telegram.messageText(B, waitId)).toContain('نفر ۱');

    // Sara takes our customer in Slack: the packet says why, and the customer hears she joined.
    const rootTs = await take(`tg-${B}`);
    const posted = await escalationOf(`tg-${B}`);
    expect(blocks(posted)).toContain('anger');
    await telegram.waitForCall(sendsTo(B, 'سارا'), 'the agent joined');

    // Her reply in the Slack thread reaches the customer on Telegram, under her name.
    const reply = {
      type: 'message',
      channel: AGENT_CHANNEL,
      channel_type: 'channel',
      user: SARA,
      text: 'سلام، سارا هستم. الان پیگیری می‌کنم.',
      ts: '1800000002.000100',
      thread_ts: rootTs,
    };
    expect((await postEvent(server, reply)).status).toBe(200);
    const agentMessage = await telegram.waitForCall(sendsTo(B, 'سارا هستم'), "the agent's reply");
    expect(textOf(agentMessage)).toContain('<b>سارا</b>');

    // Resolve from the thread's controls; the customer rates 5 on Telegram.
    const controls = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.thread_ts === rootTs &&
        blocks(c).includes('hamdel_resolve'),
      'the thread controls',
    );
    const resolved = await pressButton(server, {
      user: SARA,
      channel: AGENT_CHANNEL,
      messageTs: String(controls.result.ts),
      threadTs: rootTs,
      actionId: 'hamdel_resolve',
      value: `tg-${B}`,
    });
    expect(resolved.status).toBe(200);
    const survey = await telegram.waitForCall(sendsTo(B, fa('survey_question')), 'the survey');
    await post(updates.tap(B, '#rate:5', (survey.result as { message_id: number }).message_id));
    await telegram.waitForCall(sendsTo(B, fa('survey_thanks')), 'thanks');
    const [closed] = await eventually(async () => {
      const tickets = await queue.closedTickets();
      const ours = tickets.filter((t) => t.conversationId === `tg-${B}`);
      return ours[0]?.rating === 5 && ours;
    }, 'the rating stored');
    expect(closed).toMatchObject({ agentId: 'sara', rating: 5, language: 'fa' });
  });
});
