/** The console's sentences for events the server reports: chats leaving the agent's hands and errors. */
import { isolate } from './labels.ts';
import { t, type ConsoleKey } from './i18n.ts';
import type { ClosedReason } from './changes.ts';

export function closedText(reason: ClosedReason, name: string): string {
  const who = name.trim() ? isolate(name.trim()) : t('customer.theCustomer');
  const text = t(`closed.${reason}`, { who });
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const KNOWN = new Set([
  'AUTH_REQUIRED',
  'SESSION_REVOKED',
  'NOT_CHAT_HOLDER',
  'AGENT_NOT_FOUND',
  'NOT_ONLINE',
  'AT_CAPACITY',
  'QUEUE_EMPTY',
  'TICKET_GONE',
  'TICKET_TAKEN',
  'TICKET_NOT_SERVABLE',
  'TRANSFER_REFUSED',
]);

/** A refusal in the console's language when it is a known code; else the server's (English) message. */
export function errorText(code: string, message: string): string {
  if (KNOWN.has(code)) return t(`error.${code}` as ConsoleKey);
  return message.trim() || t('error.other', { code });
}
