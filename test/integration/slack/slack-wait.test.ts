import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../../helpers/fake-slack.ts';
import type { TestServer } from '../../helpers/test-server.ts';
import { directMessage, eventually, postEvent, startSlackServer } from './slack-fixture.ts';

/** A clock at real speed from Monday 12:00 in Dubai (the sample team at work), moved on by `skip`. */
function movableClock() {
  const offset = { ms: Date.UTC(2026, 10, 23, 8, 0) - Date.now() };
  return { now: () => Date.now() + offset.ms, skip: (ms: number) => (offset.ms += ms) };
}

/**
 * A Slack customer's wait, through the real Bolt stack against the fake Web API: the place in line is one
 * message in their DM, edited in place (chat.update) by the supervisor's rounds as the line moves; a new
 * message is posted only when Slack can no longer edit that one, and later updates edit the new one.
 */
describe('a Slack DM customer waiting for a person', () => {
  let slack: FakeSlack;
  let server: TestServer;
  const clock = movableClock();

  beforeEach(async () => {
    ({ slack, server } = await startSlackServer({ HANDOFF_SUPERVISOR_INTERVAL_MS: '150' }, clock));
    // An agent who speaks English is away: the line is theirs, and nobody takes it meanwhile.
    const { agents, presence } = server.hamdel.human;
    await agents.create({ id: 'sara', name: 'Sara', languages: ['en'], password: 'sara-password-123' });
    await presence.setStatus('sara', 'away');
  });
  afterEach(async () => {
    await server.close();
    await slack.close();
  });

  const inDm = (user: string) => (args: Record<string, unknown>) => args.channel === `D${user}`;
  /** Every message posted or edited in the DM that tells the place in line. */
  const placeCalls = (user: string) =>
    slack.calls.filter(
      (c) =>
        (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
        inDm(user)(c.args) &&
        /in line/.test(String(c.args.text)),
    );
  const askForPerson = async (user: string) => {
    await postEvent(server, directMessage(user, 'I want to talk to a person'));
    return slack.waitForCall(
      (c) => c.method === 'chat.postMessage' && inDm(user)(c.args) && /in line/.test(String(c.args.text)),
      `${user}'s place in line`,
    );
  };
  const leave = async (user: string) => {
    await postEvent(server, directMessage(user, 'never mind'));
    await eventually(
      async () => !(await server.hamdel.human.queue.waitingIds()).includes(`slack-T0HAMDEL-${user}`),
      `${user} out of the line`,
    );
  };

  it('edits the one place message as the line moves, and posts anew only when Slack cannot edit it', async () => {
    await askForPerson('U0ONE');
    await askForPerson('U0TWO');
    const notice = await askForPerson('U0THREE');
    expect(String(notice.args.text)).toMatch(/number 3 in line/);
    expect(JSON.stringify(notice.args.blocks)).toContain('#cancel-wait');
    // Rounds within the least interval between updates tell nothing new.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(placeCalls('U0THREE')).toHaveLength(1);

    // The first customer leaves: the next round edits the third one's message in place.
    await leave('U0ONE');
    clock.skip(30_000);
    const edit = await slack.waitForCall(
      (c) =>
        c.method === 'chat.update' && inDm('U0THREE')(c.args) && /number 2 in line/.test(String(c.args.text)),
      'the place message edited',
    );
    expect(edit.args.ts).toBe(notice.result.ts);
    expect(JSON.stringify(edit.args.blocks)).toContain('#cancel-wait'); // the choice stays
    expect(placeCalls('U0THREE').map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);

    // The customer deleted it (or it is too old): Slack refuses the edit, and a new message takes its place.
    await leave('U0TWO');
    slack.failNext('chat.update', { body: { ok: false, error: 'message_not_found' } }, inDm('U0THREE'));
    clock.skip(30_000);
    const anew = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        inDm('U0THREE')(c.args) &&
        /number 1 in line/.test(String(c.args.text)),
      'the place posted anew',
    );
    expect(
      slack.calls.some((c) => c.method === 'chat.update' && c.result.error === 'message_not_found'),
    ).toBe(true);
    expect(JSON.stringify(anew.args.blocks)).toContain('#cancel-wait');
    expect(placeCalls('U0THREE').map((c) => c.method)).toEqual([
      'chat.postMessage',
      'chat.update',
      'chat.update', // refused
      'chat.postMessage',
    ]);

    // The agent takes the chat: no more place updates, however the clock moves.
    await server.hamdel.human.presence.setStatus('sara', 'online');
    const sara = await server.hamdel.human.agents.get('sara');
    if (!sara) throw new Error('no agent');
    await server.hamdel.human.service.takeTicket(sara, 'slack-T0HAMDEL-U0THREE');
    clock.skip(30_000);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(placeCalls('U0THREE')).toHaveLength(4);
  });
});
