/**
 * The transcript search index on real Redis and BullMQ: lines indexed as they are written (customers' and
 * agents', not the bot's), a search in the customer's own conversations that never shows another customer's
 * lines, a search over closed conversations limited to what the agent may read (theirs and their team's; all
 * for a supervisor), folded Persian/Arabic letters and digits, marks, bounded results, and retention.
 */
import { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import type { InboundMessage } from '../../../src/core/message.ts';
import type { Agent } from '../../../src/agents/agent.ts';
import { ConversationWriter } from '../../../src/conversations/conversation-writer.ts';
import { MemoryConversationEvents } from '../../../src/conversations/memory-conversation-events.ts';
import { conversationKeys } from '../../../src/conversations/redis-keys.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { DialogEngine } from '../../../src/dialogs/dialog-engine.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { createTurnRunner } from '../../../src/dialogs/turn-runner.ts';
import { HandoffQueue } from '../../../src/handoff/handoff-queue.ts';
import { HandoffService } from '../../../src/handoff/handoff-service.ts';
import { MAX_SEARCH_HITS } from '../../../src/handoff/transcript-index.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { queryWords } from '../../../src/language/search-terms.ts';
import { sampleContent } from '../../helpers/content.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
});

const DAY_MS = 86_400_000;
const RETENTION_DAYS = 30;
const ASK_PERSON = 'سلام، میخوام با یه کارشناس صحبت کنم';

function agent(id: string, team: string, role: Agent['role'] = 'agent'): Agent {
  return { id, name: id, role, languages: ['fa'], skills: [], capacity: 5, team };
}
const sara = agent('sara', 'default');
const reza = agent('reza', 'default');
const nima = agent('nima', 'billing');
const omid = agent('omid', 'billing', 'supervisor');

describe('the transcript search index (real Redis, BullMQ)', () => {
  let redis: Redis;
  let bull: Redis;
  let prefix: string;
  let queue: HandoffQueue;
  let store: RedisConversationStore;
  let service: HandoffService;
  let run: ReturnType<typeof createTurnRunner>;
  let n = 0;
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 8));

  beforeEach(() => {
    redis = connectRedis();
    bull = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    prefix = randomPrefix();
    store = new RedisConversationStore({ redis, prefix, clock });
    const events = new MemoryConversationEvents();
    const writer = new ConversationWriter({ store, events });
    queue = new HandoffQueue({
      redis,
      bullConnection: bull,
      prefix,
      clock,
      closedRetentionMs: RETENTION_DAYS * DAY_MS,
    });
    service = new HandoffService({
      queue,
      store,
      writer,
      events,
      clock,
      catalog: () => catalog,
      knowledge: () => knowledge,
      waitNotice: async () => ({
        position: 1,
        text: catalog.text('fa', 'queue_status', { position: 1, wait: '' }),
      }),
    });
    const engine = new DialogEngine({
      knowledge: () => knowledge,
      catalog: () => catalog,
      clock,
      handoff: true,
    });
    run = createTurnRunner({ store, events, writer, engine, clock, handoff: service });
  });
  afterEach(async () => {
    await queue.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    bull.disconnect();
  });

  const say = (conversationId: string, customerId: string, text: string) => {
    n += 1;
    const message: InboundMessage = {
      direction: 'in',
      channel: 'web',
      conversationId,
      customer: { id: customerId },
      text,
      sentAt: clock.now(),
      platformMessageId: `m${n}`,
      raw: {},
    };
    return run(message);
  };

  /** A customer's chat handed to `by`, who answers and resolves it. */
  async function servedChat(
    conversationId: string,
    customerId: string,
    lines: string[],
    by: Agent,
    reply: string,
  ) {
    await say(conversationId, customerId, ASK_PERSON);
    for (const line of lines) await say(conversationId, customerId, line);
    expect(await service.takeTicket(by, conversationId)).toMatchObject({ kind: 'taken' });
    await service.say(by, conversationId, reply);
    clock.advance(60_000);
    await service.resolve(by, conversationId);
  }

  const texts = (hits: readonly { text: string }[]) => hits.map((hit) => hit.text);

  it("finds a customer's lines in their own conversations, folded, marked, and never another customer's", async () => {
    await servedChat('a1', 'v-a', ['سفارشم با کد ۱۲۳۴۵ هنوز نرسیده'], sara, 'سفارش ۱۲۳۴۵ را پیگیری می‌کنم');
    await servedChat('b1', 'v-b', ['سفارش ۹۹۹ من کجاست؟'], reza, 'سفارش شما ارسال شد');
    // The same customer comes back in a new conversation; Sara holds it and searches their history.
    await say('a2', 'v-a', ASK_PERSON);
    await service.takeTicket(sara, 'a2');

    const found = await service.history.search(sara, 'a2', 'سفارش 12345');
    expect(texts(found)).toEqual(['سفارش ۱۲۳۴۵ را پیگیری می‌کنم', 'سفارشم با کد ۱۲۳۴۵ هنوز نرسیده']);
    expect(found.every((hit) => hit.conversationId === 'a1' && hit.own)).toBe(true);
    // Every word begins a word of the line; the words found are marked.
    const [reply, line] = found;
    expect(reply?.marks.map(([a, b]) => reply.text.slice(a, b))).toEqual(['سفارش', '۱۲۳۴۵']);
    expect(line?.marks.map(([a, b]) => line.text.slice(a, b))).toEqual(['سفارشم', '۱۲۳۴۵']);
    // Arabic yeh and kaf, ZWNJ or not: the same word.
    expect(texts(await service.history.search(sara, 'a2', 'پيگيري ميکنم'))).toEqual([
      'سفارش ۱۲۳۴۵ را پیگیری می‌کنم',
    ]);
    // Another customer's conversation is not this customer's history.
    expect(await service.history.search(sara, 'a2', '۹۹۹')).toEqual([]);
    // The bot's own lines (its notices) are not indexed; nor are words that only stop words make up.
    const notice = queryWords(catalog.text('fa', 'handoff_connecting')).join(' ');
    expect(await service.history.search(sara, 'a2', notice)).toEqual([]);
    expect(await service.history.search(sara, 'a2', 'با')).toEqual([]);
    // The lines' terms live beside the transcript (one field per indexed line) and expire with it.
    expect(Object.keys(await redis.hgetall(conversationKeys(prefix).terms('a1'))).sort()).toEqual(
      (await store.transcript('a1'))
        .filter((e) => e.author.kind === 'customer' || e.author.kind === 'agent')
        .map((e) => e.id)
        .sort(),
    );
    const keys = conversationKeys(prefix);
    expect(await redis.pttl(keys.terms('a1'))).toBeGreaterThan(0);
    expect(
      Math.abs((await redis.pttl(keys.terms('a1'))) - (await redis.pttl(keys.transcript('a1')))),
    ).toBeLessThan(60_000);
  });

  it('searches closed conversations an agent may read: theirs and their team’s; all for a supervisor', async () => {
    await servedChat('a1', 'v-a', ['کفش قرمز سایز ۴۲ پاره بود'], sara, 'کفش جدید برایتان می‌فرستیم');
    await say('c1', 'v-c', ASK_PERSON);
    await service.takeTicket(reza, 'c1');

    const closedHits = async (who: Agent) =>
      (await service.history.search(who, 'c1', 'کفش', 'closed')).map((hit) => [hit.conversationId, hit.own]);
    // Reza is in Sara's team: he finds her closed chat (another customer's, so not "own").
    expect(await closedHits(reza)).toEqual([
      ['a1', false],
      ['a1', false],
    ]);
    // Nima is in another team: nothing, and he may not open it either.
    expect(await closedHits(nima)).toEqual([]);
    await expect(service.history.transcript(nima, 'c1', 'a1')).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
    expect((await service.history.transcript(reza, 'c1', 'a1')).map((e) => e.text)).toContain(
      'کفش قرمز سایز ۴۲ پاره بود',
    );
    // A supervisor reads every closed conversation, whatever the team.
    expect(await closedHits(omid)).toHaveLength(2);
    // An agent who wrote in a conversation finds it later, whatever team closed it.
    await say('d1', 'v-d', ASK_PERSON);
    await service.takeTicket(sara, 'd1');
    await store.append('d1', {
      author: { kind: 'agent', id: 'nima', name: 'nima' },
      text: 'کفش شما از انبار billing رسید',
      at: clock.now(),
    });
    await service.resolve(sara, 'd1');
    expect((await closedHits(nima)).map(([id]) => id)).toEqual(['d1']);
    expect(await service.index.reachOf('d1')).toEqual({ teams: ['default'], agents: ['sara', 'nima'] });
    // A conversation still open is not among the closed ones.
    expect((await closedHits(omid)).map(([id]) => id)).not.toContain('c1');
  });

  it('returns at most MAX_SEARCH_HITS lines, newest first', async () => {
    await say('a1', 'v-a', ASK_PERSON);
    for (let i = 1; i <= MAX_SEARCH_HITS + 10; i++) {
      clock.advance(1000);
      await say('a1', 'v-a', `کالای شماره ${i} رسید؟`);
    }
    await service.takeTicket(sara, 'a1');
    const hits = await service.history.search(sara, 'a1', 'کالای');
    expect(hits).toHaveLength(MAX_SEARCH_HITS);
    expect(hits[0]?.text).toBe(`کالای شماره ${MAX_SEARCH_HITS + 10} رسید؟`);
    expect(hits.map((hit) => hit.at)).toEqual([...hits.map((hit) => hit.at)].sort((a, b) => b - a));
  });

  it('forgets a closed conversation CLOSED_TICKET_RETENTION_DAYS after it last closed', async () => {
    await servedChat('a1', 'v-a', ['لپ‌تاپ خراب رسید'], sara, 'لپ‌تاپ را عوض می‌کنیم');
    await say('c1', 'v-c', ASK_PERSON);
    await service.takeTicket(reza, 'c1');
    const found = async () => (await service.history.search(omid, 'c1', 'لپتاپ', 'closed')).length;
    expect(await found()).toBe(2);

    clock.advance((RETENTION_DAYS - 1) * DAY_MS);
    expect(await service.pruneSearch()).toBe(0);
    expect(await found()).toBe(2);
    clock.advance(2 * DAY_MS);
    expect(await service.pruneSearch()).toBe(1);
    expect(await found()).toBe(0);
    expect(await service.index.reachOf('a1')).toBeUndefined();
    // Nothing under {search} names it any more.
    const members = await redis.zrange(`${prefix}{search}:s:team:default`, 0, -1);
    expect(members.filter((m) => m.endsWith(' a1'))).toEqual([]);
    expect(await redis.zrange(`${prefix}{search}:served:sara`, 0, -1)).toEqual([]);
  });

  it("trims a line's terms with the line (Redis's clock, as the transcript)", async () => {
    const short = new RedisConversationStore({ redis, prefix, clock, retentionMs: 150 });
    await short.ensure({ id: 't1', channel: 'web', customerId: 'v-t' });
    const first = await short.append('t1', {
      author: { kind: 'customer' },
      text: 'کفش قدیمی',
      at: clock.now(),
    });
    await new Promise((resolve) => setTimeout(resolve, 400)); // Redis's clock passes the retention
    const second = await short.append('t1', {
      author: { kind: 'customer' },
      text: 'کفش نو',
      at: clock.now(),
    });
    expect((await short.transcript('t1')).map((e) => e.id)).toEqual([second.id]);
    expect(await redis.hgetall(conversationKeys(prefix).terms('t1'))).toEqual({ [second.id]: 'کفش نو' });
    expect(first.id < second.id).toBe(true);
  });
});
