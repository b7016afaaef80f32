/**
 * A fake Telegram Bot API on local HTTP for tests with the real grammY stack (`client.apiRoot`): records every
 * call, answers like Telegram ({ ok, result } / { ok: false, error_code, description, parameters }), keeps
 * sent messages so edits can be checked, checks HTML like Telegram, serves long polling (getUpdates; a second
 * poll while one is open ends the first with 409 Conflict, as Telegram does), and fails on request: 429 with
 * retry_after, 403 for a chat that blocked the bot, any error once, or a connection dropped unanswered.
 * Each process under test may get its own `apiRootFor(name)`, so calls show who made them (`caller`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, User } from 'grammy/types';

export const FAKE_BOT_TOKEN = '123456789:TEST-fake-telegram-token-abcdefghij';

export interface TelegramCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  /** The name in the API root the call came through (`apiRootFor`), or '' for `apiRoot`. */
  readonly caller: string;
  /** The HTTP status the fake answered with, and on success its result (a sent message has its id). */
  readonly status: number;
  readonly result?: unknown;
}

type Failure = { method: string; status: number; description: string; retryAfter?: number };
type SentMessage = { text: string; replyMarkup?: unknown };

const BOT_USER: User = { id: 123456789, is_bot: true, first_name: 'Hamdel', username: 'hamdel_test_bot' };
const CHAT_METHODS = new Set(['sendMessage', 'sendChatAction', 'editMessageText', 'editMessageReplyMarkup']);

export class FakeTelegram {
  /** Answered calls, in the order they were answered. */
  readonly calls: TelegramCall[] = [];
  /** Every request as it arrives (a long poll shows here before it is answered). */
  readonly requests: {
    readonly method: string;
    readonly payload: Record<string, unknown>;
    readonly caller: string;
  }[] = [];
  private readonly failures: Failure[] = [];
  private readonly drops: string[] = [];
  /** Ends the open long poll with 409 (set while one is open). */
  private conflictOpenPoll: (() => void) | undefined;
  private readonly blocked = new Set<number>();
  private readonly messages = new Map<string, SentMessage>();
  private readonly updates: Update[] = [];
  private readonly pollers = new Set<() => void>();
  private nextMessageId = 100;

  private constructor(
    private readonly server: http.Server,
    readonly token: string,
  ) {}

  static async start(token = FAKE_BOT_TOKEN): Promise<FakeTelegram> {
    const server = http.createServer();
    const fake = new FakeTelegram(server, token);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      void fake.handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** What TELEGRAM_API_ROOT is set to. */
  get apiRoot(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The API root for one process under test: its calls are recorded with `caller: name`. */
  apiRootFor(name: string): string {
    return `${this.apiRoot}/${name}`;
  }

  /** The next `times` calls of `method` get no answer: the connection is dropped (a network error). */
  dropNext(method: string, times = 1): void {
    for (let i = 0; i < times; i += 1) this.drops.push(method);
  }

  /** The next call of `method` fails: a 429 with `retryAfter` seconds, or another error. */
  failNext(method: string, failure: { status: number; description?: string; retryAfter?: number }): void {
    const description =
      failure.description ??
      (failure.status === 429 ? `Too Many Requests: retry after ${failure.retryAfter ?? 1}` : 'Bad Request');
    this.failures.push({ method, description, ...failure });
  }

  /** Every call to this chat answers 403 "Forbidden: bot was blocked by the user". */
  readonly block = (chatId: number): unknown => this.blocked.add(chatId);

  /** An update for long polling (getUpdates). */
  push(update: Update): void {
    this.updates.push(update);
    for (const wake of [...this.pollers]) wake();
  }

  /** Successful calls of `method`, to `chatId` if given. */
  sent(method: string, chatId?: number): TelegramCall[] {
    const to = (c: TelegramCall) => chatId === undefined || c.payload.chat_id === chatId;
    return this.calls.filter((c) => c.method === method && c.status === 200 && to(c));
  }

  /** The text a sent message shows now (after edits). */
  messageText(chatId: number, messageId: number): string | undefined {
    return this.messages.get(`${chatId}:${messageId}`)?.text;
  }

  /** Polls the recorded calls until one matches, or fails at the deadline. */
  async waitForCall(
    match: (call: TelegramCall) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<TelegramCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.calls.map((c) => `${c.method}(${c.status})`).join(', ');
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; calls: ${seen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    for (const wake of [...this.pollers]) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const payload = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    const match = /^(?:\/(\w+))?\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    const caller = match?.[1] ?? '';
    const method = match?.[3] ?? '';
    this.requests.push({ method, payload, caller });
    const drop = this.drops.indexOf(method);
    if (drop >= 0) {
      this.drops.splice(drop, 1);
      request.socket.destroy();
      return;
    }
    const answer = (status: number, json: unknown) => {
      const result = (json as { result?: unknown }).result;
      this.calls.push({ method, payload, caller, status, ...(result === undefined ? {} : { result }) });
      if (response.destroyed) return;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(json));
    };
    const fail = (status: number, description: string, parameters?: Record<string, unknown>) =>
      answer(status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) });

    if (match?.[2] !== this.token) return fail(401, 'Unauthorized');
    const index = this.failures.findIndex((f) => f.method === method);
    const [f] = index >= 0 ? this.failures.splice(index, 1) : [];
    if (f) return fail(f.status, f.description, f.retryAfter ? { retry_after: f.retryAfter } : undefined);
    const chatId = Number(payload.chat_id);
    if (CHAT_METHODS.has(method) && this.blocked.has(chatId)) {
      return fail(403, 'Forbidden: bot was blocked by the user');
    }
    const ok = (result: unknown) => answer(200, { ok: true, result });
    const badHtml = payload.parse_mode === 'HTML' ? htmlProblem(String(payload.text ?? '')) : undefined;
    if (badHtml) return fail(400, `Bad Request: can't parse entities: ${badHtml}`);
    switch (method) {
      case 'getMe':
        return ok(BOT_USER);
      case 'setWebhook':
      case 'deleteWebhook':
      case 'sendChatAction':
      case 'answerCallbackQuery':
        return ok(true);
      case 'sendMessage': {
        const messageId = (this.nextMessageId += 1);
        const text = String(payload.text ?? '');
        this.messages.set(`${chatId}:${messageId}`, { text, replyMarkup: payload.reply_markup });
        return ok(this.message(chatId, messageId, text));
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const messageId = Number(payload.message_id);
        const sent = this.messages.get(`${chatId}:${messageId}`);
        if (!sent) return fail(400, 'Bad Request: message to edit not found');
        const text = method === 'editMessageText' ? String(payload.text ?? '') : sent.text;
        const markup = payload.reply_markup;
        if (text === sent.text && JSON.stringify(markup) === JSON.stringify(sent.replyMarkup)) {
          return fail(
            400,
            'Bad Request: message is not modified: specified new message content and reply markup are exactly the same',
          );
        }
        this.messages.set(`${chatId}:${messageId}`, { text, replyMarkup: markup });
        return ok(this.message(chatId, messageId, text));
      }
      case 'getUpdates': {
        const updates = await this.poll(payload, response);
        if (updates === 'conflict') {
          return fail(
            409,
            'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
          );
        }
        return ok(updates);
      }
      default:
        return fail(404, 'Not Found: method not found');
    }
  }

  private message(chatId: number, message_id: number, text: string) {
    const chat = { id: chatId, type: 'private', first_name: 'Customer' };
    return { message_id, date: Math.floor(Date.now() / 1000), chat, from: BOT_USER, text };
  }

  /**
   * getUpdates: confirms updates below `offset`, then answers at once or when one arrives or at `timeout`.
   * A new poll while one is open ends the open one with 409, as Telegram does.
   */
  private async poll(
    payload: Record<string, unknown>,
    response: http.ServerResponse,
  ): Promise<Update[] | 'conflict'> {
    this.conflictOpenPoll?.();
    const offset = Number(payload.offset ?? 0);
    while (this.updates.length > 0 && (this.updates[0]?.update_id ?? 0) < offset) this.updates.shift();
    let conflict = false;
    if (this.updates.length === 0) {
      const timeoutMs = Math.min(Number(payload.timeout ?? 0), 30) * 1000;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.pollers.delete(wake);
          if (this.conflictOpenPoll === conflicted) this.conflictOpenPoll = undefined;
          resolve();
        };
        const conflicted = () => {
          conflict = true;
          wake();
        };
        const timer = setTimeout(wake, timeoutMs);
        this.pollers.add(wake);
        this.conflictOpenPoll = conflicted;
        response.once('close', wake); // the client gave up (grammY's runner stopping)
      });
    }
    if (conflict) return 'conflict';
    return this.updates.filter((u) => u.update_id >= offset).slice(0, Number(payload.limit ?? 100));
  }
}

/** Telegram's HTML parse mode: only its tags, balanced; `<`, `>`, `&` elsewhere must be entities. */
function htmlProblem(text: string): string | undefined {
  const open: string[] = [];
  for (const m of text.matchAll(/<(\/?)([a-z-]+)(?:\s[^<>]*)?>|&(?:amp|lt|gt|quot|#\d+);|[<>&]/g)) {
    const [whole, closing, tag] = m;
    if (tag === undefined) {
      if (whole.length === 1) return `unescaped "${whole}" at offset ${m.index}`;
    } else if (!HTML_TAGS.has(tag)) return `unsupported start tag "${tag}" at offset ${m.index}`;
    else if (!closing) open.push(tag);
    else if (open.pop() !== tag) return `unexpected end tag "${tag}" at offset ${m.index}`;
  }
  return open.length > 0 ? `can't find end tag corresponding to start tag "${open.at(-1)}"` : undefined;
}
const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre']);

let nextUpdateId = 1000;

/** A new update id, and a message in the customer's private chat written now. */
function incoming(chatId: number, language: string) {
  const id = (nextUpdateId += 1);
  const from: User = { id: chatId, is_bot: false, first_name: 'Customer', language_code: language };
  const chat = { id: chatId, type: 'private' as const, first_name: 'Customer' };
  return { id, from, message: { message_id: id, date: Math.floor(Date.now() / 1000), chat } };
}

/** Updates as Telegram sends them, each with a new update_id. */
export const updates = {
  text(chatId: number, text: string, language = 'fa'): Update {
    const { id, from, message } = incoming(chatId, language);
    return { update_id: id, message: { ...message, from, text } };
  },
  /** A tap on a button of the bot's message `messageId`. */
  tap(chatId: number, data: string, messageId: number, language = 'fa'): Update {
    const { id, from, message } = incoming(chatId, language);
    const botMessage = { ...message, message_id: messageId, from: BOT_USER, text: '…' };
    return {
      update_id: id,
      callback_query: { id: `cb${id}`, from, chat_instance: `ci${chatId}`, data, message: botMessage },
    };
  },
  photo(chatId: number, caption?: string, language = 'fa'): Update {
    const { id, from, message } = incoming(chatId, language);
    const photo = [{ file_id: `photo-${id}`, file_unique_id: `u${id}`, width: 800, height: 600 }];
    return { update_id: id, message: { ...message, from, photo, ...(caption ? { caption } : {}) } };
  },
};
