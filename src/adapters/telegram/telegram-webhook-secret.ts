import { createHash, timingSafeEqual } from 'node:crypto';

/** The header in which Telegram repeats the `secret_token` given to setWebhook. */
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * Whether a webhook request carries the configured secret token, compared in constant time: both sides are
 * hashed first, so neither the content nor the length of the secret shows in the time taken.
 */
export function isTelegramSecretValid(
  header: string | readonly string[] | undefined,
  secret: string,
): boolean {
  if (typeof header !== 'string' || header.length === 0 || secret.length === 0) return false;
  const given = createHash('sha256').update(header).digest();
  const expected = createHash('sha256').update(secret).digest();
  return timingSafeEqual(given, expected);
}
