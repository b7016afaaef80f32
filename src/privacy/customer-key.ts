import { HamdelError } from '../core/errors.ts';

/** One customer identity: the channel they wrote on and their id there ("telegram:12345", "web:v-1f…"). */
export interface CustomerKey {
  readonly channel: string;
  readonly id: string;
}

const CHANNEL = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * Reads `<channel>:<id>` (the id may itself contain ":"). Several keys, for one person who wrote on several
 * channels, are separated by commas. Throws CUSTOMER_KEY_INVALID.
 */
export function parseCustomerKeys(text: string): CustomerKey[] {
  const keys = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseOne);
  if (keys.length === 0) {
    throw new HamdelError('CUSTOMER_KEY_INVALID', 'Name a customer as <channel>:<id>, e.g. telegram:12345.');
  }
  return keys;
}

function parseOne(text: string): CustomerKey {
  const colon = text.indexOf(':');
  const channel = colon > 0 ? text.slice(0, colon) : '';
  const id = colon > 0 ? text.slice(colon + 1) : '';
  if (!CHANNEL.test(channel) || id === '' || id.length > 200 || /[{}\s]/.test(id)) {
    throw new HamdelError(
      'CUSTOMER_KEY_INVALID',
      `"${text.slice(0, 80)}" is not a customer key: write <channel>:<id>, e.g. telegram:12345 or web:<visitor id>.`,
    );
  }
  return { channel, id };
}

export function formatCustomerKey(key: CustomerKey): string {
  return `${key.channel}:${key.id}`;
}
