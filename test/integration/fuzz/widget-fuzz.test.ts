/**
 * Property-based fuzzing (fast-check) of the widget's WebSocket frames on a real server with real Redis:
 * whatever a page sends, first `hello` (who it is) or later frames, the server does not crash, answers with
 * a documented `error` code or a documented close code, never welcomes forged credentials, and customers
 * who write normally are still answered.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../../src/adapters/web/protocol.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';
import { anyField, anyJson, customerText, DOCUMENTED_CODES, RUNS } from './fuzz-fixture.ts';

const IDENTITY_SECRET = 'fuzz-identity-secret-0123456789abcdef';
const CLOSES: ReadonlySet<number> = new Set([...Object.values(CLOSE_CODES), 1000, 1005]);

describe('fuzzing the widget (fast-check, real server, real Redis)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        LOG_LEVEL: 'error',
        IDENTITY_SECRET,
        RATE_LIMIT_PER_MINUTE: '1000000',
        WIDGET_HELLOS_PER_MINUTE: '1000000',
        WIDGET_CONNECTIONS_PER_IP: '0',
        // The fuzz is one client sending fast: the per-customer and per-address limits (tested in
        // http-hardening) would answer most of it with RATE_LIMITED.
        CUSTOMER_MESSAGES_PER_MINUTE: '0',
        CUSTOMER_HELLOS_PER_MINUTE: '0',
        CUSTOMER_TYPING_PER_MINUTE: '0',
        WEBSOCKET_UPGRADES_PER_MINUTE: '0',
      },
    });
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });

  /** A new visitor asks a question and is answered. */
  async function stillAnswers(): Promise<void> {
    const customer = await WidgetTestClient.connect(server.url, { lang: 'en' });
    try {
      customer.send({ type: 'hello' });
      await customer.welcome();
      const frames = await customer.say('How do I return something I bought?', 'calm-1');
      expect(frames.some((f) => f.type === 'entry' && f.entry.author.kind === 'bot')).toBe(true);
    } finally {
      await customer.close();
    }
  }

  it('a first hello of any shape: welcomed as a new visitor, or refused with a documented code', async () => {
    const user = fc.oneof(
      fc.record({ id: fc.oneof(fc.stringMatching(/^[\w.@:-]{1,40}$/), anyField), hash: anyField }),
      fc.stringMatching(/^[\w.@:-]{1,40}$/).map((id) => ({
        id,
        // Signed with another secret: a forgery.
        hash: createHmac('sha256', 'not-the-secret').update(id).digest('hex'),
      })),
      anyField,
    );
    const visitor = fc.oneof(
      fc.record({
        id: fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        secret: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      }),
      anyField,
    );
    const hello = fc.record(
      { type: fc.constant('hello'), lastSeenId: anyField, user, visitor },
      { requiredKeys: ['type'] },
    );
    await fc.assert(
      fc.asyncProperty(hello, async (frame) => {
        const client = await WidgetTestClient.connect(server.url, { lang: 'fa' });
        try {
          client.sendRaw(frame);
          const answer = await client.waitFor((f) => f.type === 'welcome' || f.type === 'error', 5_000);
          const what = JSON.stringify(frame).slice(0, 160);
          if (answer.type === 'error') {
            expect(DOCUMENTED_CODES.has(answer.code), `${answer.code} for ${what}`).toBe(true);
            const code = await client.closed();
            expect(CLOSES.has(code), `close ${code} for ${what}`).toBe(true);
            return;
          }
          if (answer.type !== 'welcome') return;
          // Forged credentials never open anything: only a brand-new visitor (given fresh credentials).
          expect(answer.customerId.startsWith('user:'), `a forged user was welcomed: ${what}`).toBe(false);
          expect(answer.visitor, `unknown credentials were accepted: ${what}`).toBeDefined();
        } finally {
          await client.close();
        }
      }),
      { numRuns: RUNS },
    );
    await stillAnswers();
  }, 180_000);

  it('any frame on a welcomed connection: a clear refusal, and the connection still works', async () => {
    const client = await WidgetTestClient.connect(server.url, { lang: 'ar' });
    client.send({ type: 'hello' });
    await client.welcome();
    const frame = fc.oneof(
      fc
        .record(
          {
            type: fc.oneof(fc.constantFrom('say', 'typing', 'rotate', 'hello', 'nope', ''), anyField),
            clientMessageId: fc.oneof(fc.string({ maxLength: 40 }), anyField),
            text: fc.oneof(customerText, anyField),
            lastSeenId: fc.oneof(fc.constantFrom('0-0', '9999999999999-0', 'x'), anyField),
          },
          { requiredKeys: [] },
        )
        .map((value) => JSON.stringify(value)),
      anyJson.map((value) => JSON.stringify(value)),
      fc.string({ unit: 'binary', maxLength: 300 }),
    );
    let probe = 0;
    await fc.assert(
      fc.asyncProperty(frame, async (text) => {
        const from = client.frames.length;
        client.sendRaw(text);
        // Frames are handled in order: once the probe's `welcome` is back, the fuzzed frame was handled.
        probe += 1;
        client.send({ type: 'hello', lastSeenId: `${Date.now() + 60_000}-${probe}` });
        await client.waitFor((f) => f.type === 'welcome', 10_000, from);
        for (const f of client.frames.slice(from)) {
          if (f.type === 'error') {
            expect(DOCUMENTED_CODES.has(f.code), `${f.code} after ${text.slice(0, 120)}`).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
    // (The fuzzed customer's own conversation may by now be with a person: a run of messages the bot could
    // not answer is handed over, as it should be. A new customer shows the service still answers.)
    await client.close();
    await stillAnswers();
  }, 240_000);
});
