/** The console's words for languages, channels, reasons and authors, in the console's language. */
import type { Language } from '../../../src/core/language.ts';
import { BUILT_IN_CHANNELS, type Author, type CustomerRef } from '../../../src/core/message.ts';
import type { AngerAssessment, EscalationReason } from '../../../src/handoff/handoff-packet.ts';
import { SIGNALS, type Signal } from '../../../src/sentiment/reason.ts';
import { t, type ConsoleKey } from './i18n.ts';

export { isolate } from '../../shared/locale.ts';

export function languageName(language: Language): string {
  return t(`lang.${language}`);
}

export function channelName(channel: string): string {
  return BUILT_IN_CHANNELS.has(channel) ? t(`channel.${channel}` as ConsoleKey) : channel;
}

export function reasonLabel(reason: EscalationReason): string {
  return t(`reason.${reason}`);
}

export function angerLabel(level: AngerAssessment['level']): string {
  return t(`anger.${level}`);
}

/**
 * A detector signal in the console's language ("sarcasm" -> "طعنه"); a name the console does not know
 * ("all_caps") as words ("All caps").
 */
export function signalLabel(signal: string): string {
  if ((SIGNALS as readonly string[]).includes(signal)) return t(`signal.${signal as Signal}`);
  const words = signal.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The customer's name, or a short stand-in from their id. */
export function customerName(customer: Pick<CustomerRef, 'id' | 'displayName'>): string {
  const name = customer.displayName?.trim();
  if (name) return name;
  return t('customer.visitor', { id: `\u2068${customer.id.slice(-4).toUpperCase()}\u2069` });
}

/** Who wrote a transcript line, as the agent reads it. */
export function authorLabel(author: Author, myAgentId: string | undefined, customer: string): string {
  switch (author.kind) {
    case 'customer':
      return customer;
    case 'bot':
      return t('author.bot');
    case 'system':
      return t('author.system');
    case 'agent':
      return author.id === myAgentId ? t('author.you', { name: author.name }) : author.name;
  }
}
