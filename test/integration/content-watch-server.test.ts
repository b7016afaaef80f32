import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageCatalog } from '../../src/dialogs/message-catalog.ts';
import type { ConsoleServerFrame } from '../../src/handoff/console-protocol.ts';
import { ConsoleClient } from '../helpers/console-client.ts';
import { CONTENT_DIR } from '../helpers/content.ts';
import { clockFrom, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/time.ts';
import { WidgetTestClient } from '../helpers/ws-client.ts';

const TOKEN = 'test-token-0123456789';
// Monday 23 November 2026, 10:00 in Dubai: the sample team is at work.
const MONDAY_MORNING = Date.UTC(2026, 10, 23, 6);

describe('a running server uses edited lexicons, canned replies and team hours without a restart', () => {
  let dir: string;
  let server: TestServer;
  let catalog: MessageCatalog;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hamdel-content-'));
    await cp(CONTENT_DIR, dir, { recursive: true });
    catalog = await MessageCatalog.load(path.join(dir, 'messages'));
    server = await startTestServer({
      env: {
        CONTENT_DIR: dir,
        CONTENT_WATCH: 'true',
        HTTP_CHANNEL_TOKEN: TOKEN,
        AGENT_PRESENCE_TTL_SECONDS: '3', // consoles beat every second
      },
      clock: clockFrom(MONDAY_MORNING),
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A new customer says `text` over the HTTP channel; the bot's replies. */
  const say = async (text: string): Promise<string[]> => {
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ customerId: `c-${randomUUID()}`, text, language: 'en' }),
    });
    const body = (await response.json()) as { replies: { text: string }[] };
    return body.replies.map((reply) => reply.text);
  };

  it('an anger phrase added to the English lexicon is read in the next turn', async () => {
    const apology = catalog.text('en', 'apology');
    expect(await say('these bananas again')).not.toContain(apology);
    const file = path.join(dir, 'lexicons/en.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('\nanger:\n', '\nanger:\n  bananas: 0.9\n'));
    await eventually(async () => (await say('these bananas again')).includes(apology), 'an apology');
  });

  it('a day off added to teams.yaml changes what a waiting customer is told', async () => {
    const waitNotice = async (): Promise<string> => {
      const client = await WidgetTestClient.connect(server.url, { lang: 'en' });
      try {
        client.send({ type: 'hello' });
        await client.waitFor((f) => f.type === 'welcome');
        client.send({ type: 'say', clientMessageId: randomUUID(), text: 'I want to talk to a human' });
        const frame = await client.waitFor(
          (f) => f.type === 'entry' && (f.entry.choices ?? []).some((c) => c.value === '#cancel-wait'),
        );
        return frame.type === 'entry' ? frame.entry.text : '';
      } finally {
        await client.close();
      }
    };
    const away = catalog.text('en', 'outside_hours', { when: '' }).slice(0, 20);
    expect(await waitNotice()).not.toContain(away);
    const file = path.join(dir, 'teams.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text.replace("closedDates: ['2026-12-02'", "closedDates: ['2026-11-23', '2026-12-02'"),
    );
    await eventually(async () => (await waitNotice()).includes(away), 'the team to be away today');
  });

  it('an open agent console is sent the canned replies again after an edit', async () => {
    const password = 'agent password 123';
    await server.hamdel.human.agents.create({ id: 'mina', name: 'مینا', languages: ['en'], password });
    const agentConsole = await ConsoleClient.signIn(server.url, 'mina', password);
    try {
      const ids = (frame: ConsoleServerFrame) =>
        frame.type === 'canned' ? frame.replies.en.map((r) => r.id) : [];
      const first = await agentConsole.waitFor((f) => f.type === 'canned');
      expect(ids(first)).toContain('greeting');
      expect(ids(first)).not.toContain('late-parcel');
      const file = path.join(dir, 'canned/en.yaml');
      const text = await readFile(file, 'utf8');
      await writeFile(
        file,
        `${text}\n- id: late-parcel\n  title: Late parcel\n  text: "Sorry {customer}, it is late."\n`,
      );
      await agentConsole.waitFor((f) => ids(f).includes('late-parcel'));
    } finally {
      agentConsole.close();
    }
  });
});
