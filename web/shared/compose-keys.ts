/**
 * The keyboard behaviour both composers share (the widget's and the agent console's): Enter sends,
 * Shift+Enter starts a new line, and Enter that confirms an input method's composition (Persian or
 * Arabic keyboards on some systems, keyCode 229) never sends. While text is typed, `onTyping` fires
 * at most once per `typingIntervalMs`, so the other side sees "typing..." without a frame per key.
 */
export interface ComposeKeysOptions {
  readonly submit: () => void;
  /** After every change of the text, before the typing notice. */
  readonly onInput: () => void;
  readonly onTyping: () => void;
  readonly typingIntervalMs: number;
  readonly now?: () => number;
}

/** Returned by `wireComposeKeys`: after a send (or a switch of chat) the next key counts as new typing. */
export interface TypingNotice {
  reset(): void;
}

export function wireComposeKeys(
  form: HTMLFormElement,
  input: HTMLTextAreaElement,
  options: ComposeKeysOptions,
): TypingNotice {
  let lastTypingAt = Number.NEGATIVE_INFINITY;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    options.submit();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      options.submit();
    }
  });
  input.addEventListener('input', () => {
    options.onInput();
    if (input.value.trim() === '') return;
    const now = (options.now ?? Date.now)();
    if (now - lastTypingAt >= options.typingIntervalMs) {
      lastTypingAt = now;
      options.onTyping();
    }
  });
  return {
    reset: () => {
      lastTypingAt = Number.NEGATIVE_INFINITY;
    },
  };
}
