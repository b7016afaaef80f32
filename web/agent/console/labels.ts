/** The English words the console uses for languages, channels, reasons and authors. */
import type { Language } from '../../../src/core/language.ts';
import type { Author, CustomerRef } from '../../../src/core/message.ts';
import type { AngerAssessment, EscalationReason } from '../../../src/handoff/handoff-packet.ts';

export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  fa: 'Persian',
  ar: 'Arabic',
  en: 'English',
};

const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  web: 'Web chat',
  http: 'API',
  telegram: 'Telegram',
  slack: 'Slack',
};

export function channelName(channel: string): string {
  return CHANNEL_NAMES[channel] ?? channel;
}

export const REASON_LABELS: Readonly<Record<EscalationReason, string>> = {
  'customer-asked': 'Asked for a person',
  anger: 'Upset',
  'repeated-failure': 'Bot could not answer',
  'needs-person': 'Topic needs a person',
};

export function reasonLabel(reason: EscalationReason): string {
  return REASON_LABELS[reason] ?? reason;
}

export const ANGER_LABELS: Readonly<Record<AngerAssessment['level'], string>> = {
  calm: 'Calm',
  annoyed: 'Annoyed',
  angry: 'Angry',
};

/** "exclamation-marks" or "all_caps" as "Exclamation marks". */
export function signalLabel(signal: string): string {
  const words = signal.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Wraps a name in Unicode isolates so a Persian or Arabic name does not reorder the English around it. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** The customer's name, or a short stand-in from their id. */
export function customerName(customer: Pick<CustomerRef, 'id' | 'displayName'>): string {
  const name = customer.displayName?.trim();
  if (name) return name;
  return `Visitor ${customer.id.slice(-4).toUpperCase()}`;
}

/** Who wrote a transcript line, as the agent reads it. */
export function authorLabel(author: Author, myAgentId: string | undefined, customer: string): string {
  switch (author.kind) {
    case 'customer':
      return customer;
    case 'bot':
      return 'Bot';
    case 'system':
      return 'System';
    case 'agent':
      return author.id === myAgentId ? `${author.name} (you)` : author.name;
  }
}
