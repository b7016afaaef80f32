/** The console's sentences for events the server reports: chats leaving the agent's hands and errors. */
import { isolate } from './labels.ts';
import type { ClosedReason } from './changes.ts';

export function closedText(reason: ClosedReason, name: string): string {
  const who = name.trim() ? isolate(name.trim()) : 'the customer';
  switch (reason) {
    case 'resolved':
      return `Chat with ${who} resolved. The bot is back with them.`;
    case 'released':
      return `Chat with ${who} went back to the waiting line.`;
    case 'transferred':
      return `Chat with ${who} was transferred.`;
    case 'cancelled':
      return `${who.charAt(0).toUpperCase()}${who.slice(1)} left the chat.`;
  }
}

const ERROR_HINTS: Readonly<Record<string, string>> = {
  AUTH_REQUIRED: 'Your session ended. Sign in again.',
  SESSION_REVOKED: 'Your access changed. Sign in again.',
  NOT_CHAT_HOLDER: 'This chat is not in your hands any more.',
  AGENT_NOT_FOUND: 'No agent has that id.',
};

export function errorText(code: string, message: string): string {
  return message.trim() || ERROR_HINTS[code] || `Something went wrong (${code}).`;
}
