/**
 * Property-based fuzzing (fast-check) of the agent console's WebSocket frames on a real server with real
 * Redis: whatever an agent's socket sends, the server does not crash, refuses clearly (an `error` frame with a
 * documented code), keeps the socket open, and the console still works afterwards: the agent takes a real
 * customer and the customer receives the reply.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../helpers/console-client.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';
import { anyField, anyJson, customerText, DOCUMENTED_CODES, RUNS } from './fuzz-fixture.ts';

const PASSWORD = 'agent password 123';

describe('fuzzing the agent console (fast-check, real server, real Redis)', () => {
  let server: TestServer;
  const open: { close(): unknown }[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { LOG_LEVEL: 'error' } });
    await server.hamdel.human.agents.create({
      id: 'nima',
      name: 'نیما',
      languages: ['fa'],
      password: PASSWORD,
    });
  }, 30_000);
  afterAll(async () => {
    for (const client of open.splice(0)) await client.close();
    await server?.close();
  });

  it('any frame: a clear refusal, the socket stays, and the console still works', async () => {
    const console = await ConsoleClient.signIn(server.url, 'nima', PASSWORD);
    open.push(console);
    let closedWith: number | undefined;
    void console.closed.then((code) => (closedWith = code));
    const conversationId = fc.oneof(
      fc.constantFrom('web:nobody', 'web:visitor-x', '', '../../etc', '*'),
      customerText,
      anyField,
    );
    const frame = fc.oneof(
      fc
        .record(
          {
            type: fc.oneof(
              fc.constantFrom(
                'status',
                'take-next',
                'say',
                'typing',
                'release',
                'transfer',
                'resolve',
                'nope',
                '',
              ),
              anyField,
            ),
            conversationId,
            text: fc.oneof(customerText, anyField),
            ref: fc.oneof(fc.string({ maxLength: 20 }), anyField),
            status: fc.oneof(fc.constantFrom('online', 'away', 'busy'), anyField),
            toAgentId: fc.oneof(fc.constantFrom('nima', 'ghost', ''), anyField),
            note: fc.oneof(customerText, anyField),
          },
          { requiredKeys: [] },
        )
        .map((value) => JSON.stringify(value)),
      anyJson.map((value) => JSON.stringify(value)),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (text) => {
        const from = console.frames.length;
        console.socket.send(text);
        // A status frame answers every command the server reads; wait for the command to be read by sending
        // one more, well-formed frame that is always answered.
        console.send({ type: 'status', status: 'online' });
        await console.waitFor((f) => f.type === 'status', from);
        expect(closedWith, `the socket closed after ${text.slice(0, 100)}`).toBeUndefined();
        for (const f of console.frames.slice(from)) {
          if (f.type === 'error') {
            expect(DOCUMENTED_CODES.has(f.code), `code ${f.code} after ${text.slice(0, 100)}`).toBe(true);
            expect(f.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: RUNS },
    );

    // The console still works: a real customer is taken and answered.
    const customer = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    open.push(customer);
    customer.send({ type: 'hello' });
    const { conversationId: id } = await customer.welcome();
    await customer.say('میخوام با یه کارشناس صحبت کنم', 'fz-1');
    await eventually(async () => (await server.hamdel.human.queue.waitingIds()).includes(id), 'in line');
    const from = console.frames.length;
    console.send({ type: 'take-next', ref: 'fz-take' });
    await console.waitFor((f) => f.type === 'chat' && f.chat.conversationId === id, from);
    console.send({ type: 'say', conversationId: id, text: 'سلام، من نیما هستم', ref: 'fz-say' });
    await customer.waitFor((f) => f.type === 'entry' && f.entry.text.includes('نیما'));
  }, 180_000);
});
