/**
 * The agent console (served at /agent/, bundled to /agent/console.js): wires the store, the WebSocket and
 * the views into the three-column page. Left: the waiting line; middle: the chats in hand; right: the packet.
 */
import type { ConsoleClientFrame } from '../../../src/handoff/console-protocol.ts';
import { h } from '../../widget/dom.ts';
import { CannedPicker } from './canned-picker.ts';
import { ChatActions } from './chat-actions.ts';
import { ChatPane } from './chat-pane.ts';
import { ChatTabs } from './chat-tabs.ts';
import { Composer } from './composer.ts';
import { ConsoleConnection, consoleSocketUrl } from './connection.ts';
import { HistoryPanel } from './history-panel.ts';
import { LinksPanel } from './links-panel.ts';
import { UI, applyConsoleLanguage, chooseLanguage, t } from './i18n.ts';
import { isMuted, Notifications, setMuted } from './notifications.ts';
import { UI_LANGUAGES, isUiLanguage } from '../../shared/locale.ts';
import { PacketPanel } from './packet-panel.ts';
import { QueueView } from './queue-view.ts';
import { installShortcuts } from './shortcuts.ts';
import { signOutButton } from './sign-out.ts';
import { StatusToggle } from './status-toggle.ts';
import { ConsoleStore } from './store.ts';
import { closedText, errorText } from './messages.ts';
import { Toasts } from './toasts.ts';
import { TranscriptView } from './transcript-view.ts';

function start(root: HTMLElement): void {
  applyConsoleLanguage();
  const store = new ConsoleStore();
  const toasts = new Toasts();
  let counter = 0;
  const newRef = (): string => `${Date.now().toString(36)}-${(counter++).toString(36)}`;

  const connection = new ConsoleConnection({
    url: consoleSocketUrl(),
    onFrame: (frame) => store.apply(frame),
    onState: (state) => store.setConnection(state),
  });
  /** Sends a command with a fresh ref (unless it has one); the ref, or undefined when offline. */
  const send = (frame: ConsoleClientFrame): string | undefined => {
    const ref = 'ref' in frame && frame.ref ? frame.ref : newRef();
    const withRef = frame.type === 'status' || frame.type === 'typing' ? frame : { ...frame, ref };
    if (connection.send(withRef)) return ref;
    toasts.show('error', t('top.notConnected'));
    return undefined;
  };

  const takeNext = (): void => {
    if (store.takeNextRef || store.atCapacity || store.connection !== 'online') return;
    const ref = send({ type: 'take-next' });
    if (!ref) return;
    store.takeNextRef = ref;
    store.emit({ kind: 'queue' });
    setTimeout(() => {
      if (store.takeNextRef !== ref) return;
      store.takeNextRef = undefined;
      store.emit({ kind: 'queue' });
    }, 10_000);
  };

  /** "Take" on one chat in line: like take-next, for that very chat. */
  const take = (conversationId: string): void => {
    if (store.takeNextRef || store.atCapacity || store.connection !== 'online') return;
    const ref = send({ type: 'take', conversationId });
    if (!ref) return;
    store.takeNextRef = ref;
    store.emit({ kind: 'queue' });
    setTimeout(() => {
      if (store.takeNextRef !== ref) return;
      store.takeNextRef = undefined;
      store.emit({ kind: 'queue' });
    }, 10_000);
  };

  const say = (conversationId: string, text: string, ref = newRef()): void => {
    store.removePending(conversationId, ref);
    store.addPending(conversationId, { ref, text, at: Date.now(), failed: false });
    if (!connection.send({ type: 'say', conversationId, text, ref })) {
      const pending = store.chats.get(conversationId)?.pending.find((p) => p.ref === ref);
      if (pending) pending.failed = true;
      store.emit({ kind: 'pending', id: conversationId });
    }
  };

  const queue = new QueueView(store, { onTakeNext: takeNext, onTake: take });
  const tabs = new ChatTabs(store);
  const transcript = new TranscriptView({
    myAgentId: () => store.agent?.id,
    onRetry: (pending) => {
      if (store.selected) say(store.selected, pending.text, pending.ref);
    },
  });
  const composer = new Composer({
    onSend: (text) => {
      if (store.selected) say(store.selected, text);
    },
    onNote: (text) => {
      if (store.selected) send({ type: 'note', conversationId: store.selected, text });
    },
    onTyping: () => {
      if (store.selected) connection.send({ type: 'typing', conversationId: store.selected });
    },
    onCanned: () => openCanned(),
  });
  const picker = new CannedPicker({
    replies: (language) => store.canned[language] ?? [],
    onPick: (text) => composer.insert(text),
    onClose: () => composer.focus(),
  });
  const openCanned = (): void => {
    const chat = store.selectedChat;
    if (!chat) return;
    if (picker.isOpen) {
      picker.close();
      return;
    }
    picker.open(chat.view.packet.language, {
      customer: chat.view.packet.customer.displayName,
      agent: store.agent?.name,
    });
  };
  const chatPane = new ChatPane(store, { tabs, transcript, composer, picker });
  const actions = new ChatActions(store, {
    send,
    onSent: (chat, ref) => {
      chat.action = ref;
      store.emit({ kind: 'chat', id: chat.view.conversationId });
    },
  });
  const history = new HistoryPanel(store, send);
  const links = new LinksPanel(store);
  const packet = new PacketPanel(h('div', {}, links.element, history.element), actions.element);
  const status = new StatusToggle((next) => send({ type: 'status', status: next }) !== undefined);

  const agentName = h('span', { class: 'agent-name', dir: 'auto' });
  const connectionBadge = h('span', { class: 'connection', role: 'status' });
  const header = h(
    'header',
    { class: 'topbar' },
    // The page's one main heading: the product and what this page is.
    h(
      'h1',
      { class: 'brand' },
      h('span', { class: 'logo', 'aria-hidden': 'true' }, 'h'),
      'hamdel',
      h('span', { class: 'brand-sub' }, t('top.subtitle')),
    ),
    connectionBadge,
    h('span', { class: 'topbar-spacer' }),
    languagePicker(),
    muteToggle(),
    agentName,
    status.element,
    signOutButton(
      () => connection.stop(),
      (message) => toasts.show('error', message),
    ),
  );
  const layout = h('main', { class: 'columns' }, queue.element, chatPane.element, packet.element);
  root.replaceChildren(header, layout, toasts.element);
  new Notifications(store, chatPane.element);

  const renderSelected = (): void => {
    packet.show(store.selectedChat);
    actions.show(store.selectedChat);
  };
  store.subscribe((change) => {
    switch (change.kind) {
      case 'agent':
        agentName.textContent = store.agent ? store.agent.name : '';
        status.show(store.status);
        break;
      case 'connection':
        connectionBadge.textContent =
          store.connection === 'online'
            ? t('top.connected')
            : store.connection === 'connecting'
              ? t('top.connecting')
              : t('top.reconnecting');
        connectionBadge.dataset.state = store.connection;
        status.setEnabled(store.connection === 'online');
        break;
      case 'selected':
        renderSelected();
        break;
      case 'chat':
        if (change.id === store.selected) renderSelected();
        break;
      case 'closed':
        toasts.show('info', closedText(change.reason, change.name));
        break;
      case 'error':
        toasts.show('error', errorText(change.code, change.message));
        break;
    }
  });
  store.emit({ kind: 'connection' });
  renderSelected();

  installShortcuts({
    takeNext,
    previousChat: () => tabs.move(-1),
    nextChat: () => tabs.move(1),
    chatNumber: (n) => tabs.selectNumber(n),
    cannedReplies: openCanned,
    focusComposer: () => composer.focus(),
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && store.selected) store.select(store.selected);
  });
  setInterval(() => queue.tick(), 1000);
  setInterval(() => chatPane.tick(), 15_000);
  connection.start();
}

/** The console's language, chosen from the three (the page is laid out again in it). */
function languagePicker(): HTMLElement {
  const select = h(
    'select',
    { class: 'language-picker', id: 'console-language', 'aria-label': t('top.language') },
    ...UI_LANGUAGES.map((language) =>
      h('option', { value: language, selected: language === UI }, t(`lang.${language}`)),
    ),
  );
  select.addEventListener('change', () => {
    if (isUiLanguage(select.value) && select.value !== UI) chooseLanguage(select.value);
  });
  return select;
}

/** Sounds and desktop notifications on or off (remembered). */
function muteToggle(): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'mute-toggle' });
  const render = (): void => {
    const muted = isMuted();
    button.setAttribute('aria-pressed', muted ? 'true' : 'false');
    button.textContent = muted ? t('top.mute') : t('top.unmute');
  };
  button.addEventListener('click', () => {
    setMuted(!isMuted());
    render();
  });
  render();
  return button;
}

const root = document.getElementById('console');
if (root) start(root);
