/**
 * The widget's controller: wires the connection, the outbox, the transcript view, the composer and the
 * panel, and turns server frames into what the customer sees.
 */
import type { ServerFrame, SignedUser, TranscriptEntryView } from '../../src/adapters/web/protocol.ts';
import type { Choice } from '../../src/core/message.ts';
import { Composer } from './composer.ts';
import { socketUrl, type WidgetConfig } from './config.ts';
import { Connection, type ConnectionStatus } from './connection.ts';
import { compareEntryIds } from './entry-id.ts';
import { errorText, stringsFor, type UiStrings } from './i18n.ts';
import { loadIdentity, type Identity } from './identity.ts';
import { asLanguage, widgetDirection, widgetLanguage, type Direction, type Language } from './language.ts';
import { Outbox } from './outbox.ts';
import { Panel } from './panel.ts';
import type { LauncherFrame, WidgetPanel } from './panel-hook.ts';
import { randomId, type KeyValueStore } from './storage.ts';
import { TranscriptView } from './transcript-view.ts';

/** Errors after which reconnecting cannot help. */
const FATAL_CODES = new Set(['ORIGIN_FORBIDDEN']);
/**
 * Refused credentials: the server closes the socket, the widget changes who it says it is and connects
 * again (a new anonymous visitor; a refused signed user chats anonymously), without bothering the customer.
 */
const IDENTITY_CODES = new Set(['VISITOR_SECRET_INVALID', 'IDENTITY_INVALID']);
/** Errors for a message that sending again unchanged will not fix. */
const FINAL_MESSAGE_CODES = new Set(['MESSAGE_TOO_LARGE', 'MESSAGE_INVALID']);
/** A typing indicator the server forgot to switch off goes away by itself. */
const TYPING_TIMEOUT_MS = 20_000;

export class Chat implements WidgetPanel {
  private readonly config: WidgetConfig;
  private readonly store: KeyValueStore;
  private readonly identity: Identity;
  private readonly outbox: Outbox;
  private readonly connection: Connection;
  private readonly panel: Panel;
  private readonly view: TranscriptView;
  private readonly composer: Composer;
  private conversationLanguage: Language | undefined;
  private strings: UiStrings;
  private lastAgentName: string | undefined;
  /**
   * The first reply since the customer last wrote (or since a person came in after the bot's replies):
   * where a burst of replies opens when it is long.
   */
  private repliesFrom: string | undefined;
  private repliesBy: 'bot' | 'person' | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private unread = 0;

  constructor(frame: LauncherFrame) {
    const config = frame.config;
    this.config = config;
    this.store = frame.store;
    this.identity = loadIdentity(this.store, config.user);
    this.outbox = new Outbox(this.store);
    this.conversationLanguage = asLanguage(this.store.get('language'));
    const language = this.language();
    this.strings = stringsFor(language);

    this.panel = new Panel(frame, language, this.direction(), this.strings, {
      title: config.title,
      onOpen: () => this.opened(),
    });
    this.view = new TranscriptView(language, this.strings, {
      onChoice: (choice: Choice) => {
        this.send(choice.value, choice.label);
        // The picked choice goes away with its message's turn: focus goes on to the message box.
        this.composer.focus();
      },
      onRetry: (clientMessageId) => this.retry(clientMessageId),
    });
    this.composer = new Composer(language, this.strings, {
      maxLength: config.maxLength,
      onSend: (text) => this.send(text, text),
      onTyping: () => this.connection.send({ type: 'typing' }),
      onTabForward: () => this.view.focusChoices(),
    });
    this.panel.mount(this.view.element, this.composer.wrapper, () => this.composer.focus());

    this.connection = new Connection({
      url: () => socketUrl(config.server, config.language),
      lastSeenId: () => this.view.lastId(),
      identity: () => this.identity.hello(),
      onFrame: (frame) => this.receive(frame),
      onStatus: (status) => this.connectionStatus(status),
    });

    this.panel.setEmpty(this.outbox.items().length === 0 && !this.identity.conversationId());
    // Messages that never reached the server before the last page closed: show them and send them again.
    for (const item of this.outbox.items())
      this.view.addPending(item.clientMessageId, item.display, item.createdAt);
    // A returning visitor connects right away, so replies that came while away show on the bubble.
    if (this.identity.conversationId() || this.outbox.items().length > 0) this.connection.start();
  }

  open(): void {
    this.panel.open();
  }

  close(): void {
    this.panel.close();
  }

  toggle(): void {
    if (this.panel.isOpen) this.panel.close();
    else this.panel.open();
  }

  /** The page signed a user in (or out, with undefined): reconnect as them; their conversation shows. */
  identify(user: SignedUser | undefined): void {
    this.identity.setUser(user);
    this.connection.restart();
  }

  private opened(): void {
    this.connection.start();
    const last = this.view.lastRow();
    if (last) this.panel.reveal(last);
    this.markRead();
  }

  private send(text: string, display: string): void {
    const clientMessageId = randomId();
    const item = { clientMessageId, text, display, createdAt: Date.now() };
    this.outbox.add(item);
    this.view.addPending(clientMessageId, display, item.createdAt);
    this.panel.setEmpty(false);
    this.panel.hideNotice();
    this.panel.scrollToEnd();
    this.connection.start();
    this.connection.send({ type: 'say', clientMessageId, text });
  }

  private retry(clientMessageId: string): void {
    const item = this.outbox.items().find((candidate) => candidate.clientMessageId === clientMessageId);
    if (!item) return;
    this.view.setPendingState(clientMessageId, 'sending');
    this.connection.send({ type: 'say', clientMessageId, text: item.text });
  }

  private receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        if (frame.visitor) this.identity.rememberVisitor(frame.visitor);
        return this.welcome(frame.conversationId, frame.language);
      case 'visitor':
        return this.identity.rememberVisitor(frame.visitor);
      case 'entry':
        return this.entry(frame.entry);
      case 'ack':
        this.outbox.remove(frame.clientMessageId);
        this.view.setPendingState(frame.clientMessageId, 'sent');
        return;
      case 'typing':
        return this.typing(frame.who, frame.on);
      case 'language':
        return this.setConversationLanguage(frame.language);
      case 'error':
        return this.error(frame.code, frame.message, frame.clientMessageId);
      case 'wait':
        return this.panel.setWaitLine(frame.text);
    }
  }

  private welcome(conversationId: string, language: Language | undefined): void {
    const previous = this.identity.conversationId();
    if (previous && previous !== conversationId) {
      // The server started a new conversation (the old one closed or expired): its history is not ours now.
      this.view.clear();
      this.panel.setEmpty(this.view.size === 0);
      this.store.delete('read');
    }
    this.identity.rememberConversation(conversationId);
    if (language) this.setConversationLanguage(language);
    // Everything not acknowledged goes again with its original id; the server handles each id once.
    for (const item of this.outbox.items()) {
      this.view.setPendingState(item.clientMessageId, 'sending');
      this.connection.send({ type: 'say', clientMessageId: item.clientMessageId, text: item.text });
    }
  }

  private entry(entry: TranscriptEntryView): void {
    // Follow the conversation unless the customer scrolled away from where the widget last put the view.
    const stickToEnd = this.panel.nearEnd() || this.panel.wherePlaced() || entry.author.kind === 'customer';
    if (entry.clientMessageId) this.outbox.remove(entry.clientMessageId);
    if (!this.view.add(entry)) return;
    // Screen readers hear each new message from others once; history already read is not read out again.
    if (entry.author.kind !== 'customer' && this.isUnread(entry.id))
      this.panel.announce(this.view.spoken(entry.id) ?? '');
    this.panel.setEmpty(false);
    if (entry.author.kind === 'agent') this.lastAgentName = entry.author.name;
    if (entry.author.kind === 'agent' || entry.author.kind === 'system') this.panel.setWaitLine(undefined);
    if (entry.author.kind === 'bot' || entry.author.kind === 'agent') {
      this.panel.setTyping(undefined);
      if (!this.conversationLanguage && entry.language) this.setConversationLanguage(entry.language);
    }
    // The replies since the customer's last message are read together: a long answer followed by "did this
    // help?" still opens at the answer's start. A person coming in (the agent's notice or first line, often
    // minutes after the bot's replies) starts a new set, so it is what comes into view.
    if (entry.author.kind === 'customer') this.repliesFrom = this.repliesBy = undefined;
    else {
      const by = entry.author.kind === 'bot' ? 'bot' : 'person';
      if (this.repliesFrom === undefined || (this.repliesBy === 'bot' && by === 'person')) {
        this.repliesFrom = entry.id;
        this.repliesBy = by;
      }
    }
    if (stickToEnd && this.panel.isOpen) {
      // Replies taller than the list open at their start; the customer's own message and short ones at the end.
      const row = this.repliesFrom === undefined ? undefined : this.view.row(this.repliesFrom);
      if (row) this.panel.reveal(row);
      else this.panel.scrollToEnd();
    }
    if (this.panel.isOpen) this.markRead();
    else if (entry.author.kind !== 'customer' && this.isUnread(entry.id)) this.panel.setUnread(++this.unread);
  }

  private typing(who: 'bot' | 'agent', on: boolean): void {
    clearTimeout(this.typingTimer);
    if (!on) {
      this.panel.setTyping(undefined);
      return;
    }
    this.panel.setTyping(who === 'bot' ? this.strings.assistant : (this.lastAgentName ?? this.strings.agent));
    this.typingTimer = setTimeout(() => this.panel.setTyping(undefined), TYPING_TIMEOUT_MS);
  }

  private error(code: string, message: string, clientMessageId: string | undefined): void {
    if (IDENTITY_CODES.has(code)) return this.identityRefused(code, message);
    this.panel.showNotice(errorText(this.strings, code, message));
    if (clientMessageId) {
      const final = FINAL_MESSAGE_CODES.has(code);
      if (final) this.outbox.remove(clientMessageId);
      this.view.setPendingState(clientMessageId, final ? 'rejected' : 'failed');
    }
    if (FATAL_CODES.has(code)) this.connection.stop();
  }

  private identityRefused(code: string, message: string): void {
    if (code === 'IDENTITY_INVALID' && this.identity.user) {
      console.warn(
        `hamdel: the signed user was refused (${message}); chatting anonymously. See docs/identity.md`,
      );
      this.identity.setUser(undefined);
    } else {
      this.identity.forgetVisitor();
    }
  }

  private connectionStatus(status: ConnectionStatus): void {
    this.panel.setStatus(status === 'stopped' ? 'unavailable' : status);
    if (status !== 'online') this.panel.setTyping(undefined);
  }

  private setConversationLanguage(language: Language): void {
    this.conversationLanguage = language;
    this.store.set('language', language);
    const effective = this.language();
    this.strings = stringsFor(effective);
    this.panel.setLanguage(effective, this.direction(), this.strings);
    this.view.setLanguage(effective, this.strings);
    this.composer.setLanguage(effective, this.strings);
  }

  private language(): Language {
    return widgetLanguage(this.conversationLanguage, this.config.language);
  }

  private direction(): Direction {
    return widgetDirection(this.conversationLanguage, this.config.language);
  }

  private isUnread(id: string): boolean {
    const read = this.store.get('read');
    return read === undefined || compareEntryIds(id, read) > 0;
  }

  private markRead(): void {
    this.unread = 0;
    this.panel.setUnread(0);
    const last = this.view.lastId();
    if (last) this.store.set('read', last);
  }
}
