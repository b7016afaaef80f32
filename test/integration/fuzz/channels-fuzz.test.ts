/**
 * Property-based fuzzing (fast-check) of the inbound webhooks and the integrators' HTTP channel, on a real
 * server with real Redis, the real grammY and Bolt stacks and fake platform APIs: whatever arrives, the
 * server does not crash, answers clearly (never a 5xx; a refusal is `{code, message}`), and customers
 * who write normally are still answered afterwards.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram, updates } from '../../helpers/fake-telegram.ts';
import { FakeSlack, FAKE_TEAM, signedHeaders } from '../../helpers/fake-slack.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { anyField, anyJson, customerText, expectClearAnswer, RUNS } from './fuzz-fixture.ts';

const TOKEN = 'fuzz-http-channel-token-0123456789abcdef';
const TELEGRAM_SECRET = 'fuzz-telegram-secret-0123456789';
const SLACK_SECRET = 'fuzz-slack-signing-secret-0123456789';
const ID = /^[\w.@:-]{1,120}$/;

describe('fuzzing the channels (fast-check, real server, real Redis)', () => {
  let server: TestServer;
  let telegram: FakeTelegram;
  let slack: FakeSlack;

  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    slack = await FakeSlack.start();
    server = await startTestServer({
      env: {
        HTTP_CHANNEL_TOKEN: TOKEN,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        SLACK_BOT_TOKEN: 'xoxb-fuzz-token',
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: slack.apiUrl,
        SLACK_AGENT_CHANNEL: 'C0AGENTS',
        RATE_LIMIT_PER_MINUTE: '1000000',
        LOG_LEVEL: 'error',
        HTTP_CHANNEL_RATE_LIMIT_PER_MINUTE: '0',
      },
    });
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    await telegram?.close();
    await slack?.close();
  });

  const postMessage = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
      body,
    });

  /** A customer who writes normally through the HTTP channel gets an answer. */
  async function httpStillAnswers(): Promise<void> {
    const response = await postMessage(
      JSON.stringify({ customerId: `calm-${randomUUID()}`, text: 'How do I return something I bought?' }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { replies: { text: string }[] };
    expect(body.replies.length).toBeGreaterThan(0);
  }

  it('HTTP channel: any body, any field types, any texts', async () => {
    const body = fc.oneof(
      // Well-formed envelopes with fuzzed values (a text in every script, ids of every shape).
      fc
        .record(
          {
            customerId: fc.oneof(fc.stringMatching(ID), anyField),
            conversationId: fc.oneof(fc.stringMatching(ID), anyField),
            text: fc.oneof(customerText, anyField),
            messageId: fc.oneof(fc.stringMatching(ID), anyField),
            language: fc.oneof(fc.constantFrom('fa', 'ar', 'en', 'de', ''), anyField),
            customerName: fc.oneof(customerText, anyField),
          },
          { requiredKeys: [] },
        )
        .map((value) => JSON.stringify(value)),
      anyJson.map((value) => JSON.stringify(value)),
      // Not JSON at all, or cut short.
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        await expectClearAnswer(await postMessage(text), `POST /api/messages ${text.slice(0, 80)}`);
      }),
      { numRuns: RUNS },
    );
    await httpStillAnswers();
  }, 120_000);

  it('HTTP channel: wrong content types and tokens', async () => {
    const contentType = fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/octet-stream',
    );
    const authorization = fc.oneof(
      fc.constant(`Bearer ${TOKEN}`),
      fc.constantFrom('', 'Bearer', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `bearer  ${TOKEN}`),
      fc.string({ maxLength: 60 }).map((value) => `Bearer ${value}`),
    );
    await fc.assert(
      fc.asyncProperty(contentType, authorization, customerText, async (type, auth, text) => {
        const body = JSON.stringify({ customerId: 'fuzz-ct', text });
        const response = await postMessage(body, { 'content-type': type, authorization: auth });
        await expectClearAnswer(response, `POST /api/messages as ${type} with "${auth.slice(0, 20)}"`);
        if (!auth.startsWith(`Bearer ${TOKEN}`) || auth !== `Bearer ${TOKEN}`) {
          expect(response.status, 'a wrong token is never let in').toBeGreaterThanOrEqual(400);
        }
      }),
      { numRuns: RUNS },
    );
    await httpStillAnswers();
  }, 120_000);

  it('Telegram webhook: any update, with and without the secret', async () => {
    let nextId = 5_000_000;
    const chatId = fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), anyField);
    const message = fc.record(
      {
        message_id: fc.oneof(fc.nat(), anyField),
        date: fc.oneof(fc.nat(), anyField),
        chat: fc.oneof(
          fc.record({ id: chatId, type: fc.constantFrom('private', 'group', 'channel') }),
          anyField,
        ),
        from: fc.oneof(
          fc.record({ id: chatId, is_bot: fc.boolean(), first_name: customerText, language_code: anyField }),
          anyField,
        ),
        text: fc.oneof(customerText, anyField),
        caption: customerText,
        photo: fc.oneof(fc.constant([{ file_id: 'x', file_unique_id: 'y', width: 1, height: 1 }]), anyField),
        sticker: anyJson,
      },
      { requiredKeys: [] },
    );
    const update = fc.oneof(
      fc.record(
        {
          update_id: fc.oneof(
            fc.constant(0).map(() => (nextId += 1)),
            anyField,
          ),
          message,
          edited_message: message,
          callback_query: fc.record(
            { id: customerText, from: anyJson, data: fc.oneof(customerText, anyField), message },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      anyJson,
    );
    const secret = fc.oneof(
      fc.constant(TELEGRAM_SECRET),
      fc.constant(TELEGRAM_SECRET),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(update, secret, async (value, token) => {
        const response = await fetch(`${server.url}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token },
          body: JSON.stringify(value),
        });
        await expectClearAnswer(response, `Telegram update ${JSON.stringify(value).slice(0, 100)}`);
        if (token !== TELEGRAM_SECRET) expect(response.status).toBe(401);
      }),
      { numRuns: RUNS },
    );
    // A customer writing normally is still answered.
    await fetch(`${server.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(updates.text(91_001, 'هزینه ارسال چقدره؟')),
    });
    await telegram.waitForCall(
      (call) => call.method === 'sendMessage' && call.payload.chat_id === 91_001,
      'the calm Telegram customer answered',
    );
  }, 120_000);

  it('Slack events and buttons: any signed payload', async () => {
    const event = fc.oneof(
      fc.record(
        {
          type: fc.constantFrom('message', 'app_mention', 'reaction_added', 'member_joined_channel', ''),
          channel_type: fc.constantFrom('im', 'channel', 'group'),
          channel: fc.oneof(fc.constantFrom('D0FUZZ', 'C0AGENTS', 'C0OTHER'), anyField),
          user: fc.oneof(fc.constantFrom('U0FUZZ', 'U0BOT'), anyField),
          text: fc.oneof(customerText, anyField),
          ts: fc.oneof(fc.constant(`${Date.now() / 1000}`), anyField),
          thread_ts: fc.oneof(fc.constant('1700000000.000100'), anyField),
          subtype: fc.constantFrom('bot_message', 'message_changed', 'file_share', 'channel_join'),
          bot_id: fc.constant('B0BOT'),
          files: anyJson,
        },
        { requiredKeys: ['type'] },
      ),
      anyJson,
    );
    const envelope = fc.oneof(
      event.map((value) =>
        JSON.stringify({
          token: 'legacy',
          team_id: FAKE_TEAM,
          api_app_id: 'A0HAMDEL',
          type: 'event_callback',
          event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
          event_time: Math.floor(Date.now() / 1000),
          event: value,
        }),
      ),
      anyJson.map((value) => JSON.stringify(value)),
    );
    const action = fc
      .record({
        action_id: fc.oneof(fc.constantFrom('take', 'release', 'resolve', 'hamdel_take', ''), customerText),
        value: fc.oneof(customerText, anyField),
      })
      .map((value) =>
        new URLSearchParams({
          payload: JSON.stringify({
            type: 'block_actions',
            team: { id: FAKE_TEAM },
            user: { id: 'U0FUZZ', team_id: FAKE_TEAM },
            container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0AGENTS' },
            channel: { id: 'C0AGENTS' },
            actions: [{ ...value, type: 'button', block_id: 'b', action_ts: '1700000000.1' }],
          }),
        }).toString(),
      );
    const request = fc.oneof(
      envelope.map((body) => ({ body, type: 'application/json' })),
      action.map((body) => ({ body, type: 'application/x-www-form-urlencoded' })),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ body, type }) => {
        const response = await fetch(`${server.url}/slack/events`, {
          method: 'POST',
          headers: signedHeaders(SLACK_SECRET, body, type),
          body,
        });
        expect(response.status, `Slack ${body.slice(0, 120)}`).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    // A customer writing normally is still answered.
    const dm = {
      type: 'message',
      channel_type: 'im',
      channel: 'D0CALM',
      user: 'U0CALM',
      text: 'hello',
      ts: '1.1',
    };
    const body = JSON.stringify({
      token: 'legacy',
      team_id: FAKE_TEAM,
      api_app_id: 'A0HAMDEL',
      type: 'event_callback',
      event_id: 'Ev0CALMFUZZ1',
      event_time: Math.floor(Date.now() / 1000),
      event: { ...dm, team: FAKE_TEAM },
    });
    const response = await fetch(`${server.url}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SLACK_SECRET, body, 'application/json'),
      body,
    });
    expect(response.status).toBe(200);
    await slack.waitForCall(
      (call) => call.method === 'chat.postMessage' && call.args.channel === 'D0CALM',
      'the calm Slack customer answered',
    );
  }, 120_000);
});
