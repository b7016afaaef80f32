import type { Language } from '../../../src/core/language.ts';
import type { TranscriptEntryView } from '../../../src/adapters/web/protocol.ts';
import { TestVisitor, WidgetTestClient } from '../../../test/helpers/ws-client.ts';
import type { BotReply } from '../reply-reader.ts';
import type { CustomerLine, Settle } from './customer-line.ts';

const WAIT_MS = 10_000;

/**
 * A visitor of the shop's site, through the chat widget's WebSocket (an anonymous visitor who keeps their
 * credentials, like a browser, and comes back as the same customer). After each message the widget asks
 * for the transcript since what it had shown (a `hello` with its last id, as on a reconnect) and reads the
 * bot's replies from it; an empty `say` after it marks the end of that replay.
 */
export class WebCustomer implements CustomerLine {
  readonly channel = 'web';
  readonly rendering = 'plain';
  private readonly visitor = new TestVisitor();
  private client: WidgetTestClient | undefined;
  private lastSeenId: string | undefined;
  private sent = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly name: string,
    readonly language: Language,
    private readonly settle: Settle,
  ) {}

  get conversationId(): string {
    if (!this.visitor.conversationId) throw new Error(`${this.name} has not written yet`);
    return this.visitor.conversationId;
  }

  async send(text: string): Promise<BotReply[]> {
    const client = await this.connected();
    this.sent += 1;
    const id = `${this.name}-${this.sent}`;
    const from = client.frames.length;
    client.send({ type: 'say', clientMessageId: id, text });
    const answer = await client.waitFor(
      (f) => (f.type === 'ack' || f.type === 'error') && f.clientMessageId === id,
      WAIT_MS,
      from,
    );
    if (answer.type === 'error')
      throw new Error(`widget refused a message: ${answer.code} ${answer.message}`);
    await this.settle();
    const entries = await this.replay(client);
    const mine = entries.findIndex((e) => e.clientMessageId === id);
    if (mine < 0) throw new Error(`${this.name}'s message ${id} is not in the transcript`);
    return entries
      .slice(mine + 1)
      .filter((e) => e.author.kind === 'bot')
      .map((e) => ({ text: e.text, choices: e.choices ?? [] }));
  }

  async leave(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }

  private async connected(): Promise<WidgetTestClient> {
    if (this.client) return this.client;
    const client = await WidgetTestClient.connect(this.baseUrl, {
      visitor: this.visitor,
      lang: this.language,
    });
    client.send({ type: 'hello', ...(this.lastSeenId ? { lastSeenId: this.lastSeenId } : {}) });
    await client.welcome(WAIT_MS);
    this.client = client;
    return client;
  }

  /** The entries after the last one read, from a replay (in order, each once). */
  private async replay(client: WidgetTestClient): Promise<TranscriptEntryView[]> {
    const from = client.frames.length;
    const marker = `${this.name}-replayed-${this.sent}`;
    client.send({ type: 'hello', ...(this.lastSeenId ? { lastSeenId: this.lastSeenId } : {}) });
    client.send({ type: 'say', clientMessageId: marker, text: ' ' });
    await client.waitFor((f) => f.type === 'error' && f.clientMessageId === marker, WAIT_MS, from);
    const byId = new Map<string, TranscriptEntryView>();
    for (const frame of client.frames.slice(from)) {
      if (frame.type !== 'entry') continue;
      if (this.lastSeenId !== undefined && !after(frame.entry.id, this.lastSeenId)) continue;
      byId.set(frame.entry.id, frame.entry);
    }
    const entries = [...byId.values()].sort((a, b) => (after(a.id, b.id) ? 1 : after(b.id, a.id) ? -1 : 0));
    const last = entries[entries.length - 1];
    if (last) this.lastSeenId = last.id;
    return entries;
  }
}

/** Whether stream id `a` comes after `b` ("ms-seq"). */
function after(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am > bm || (am === bm && as > bs);
}
