import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of every callback request (README, "The HTTP channel's way back"). */
export const CALLBACK_HEADERS = {
  timestamp: 'x-hamdel-request-timestamp',
  signature: 'x-hamdel-signature',
  deliveryId: 'x-hamdel-delivery-id',
} as const;

/** How old a signed request may be before a receiver refuses it (the README's advice, as Slack's). */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/**
 * `v1=<hex HMAC-SHA256 of "v1:<timestamp>:<body>">` with the callback secret; `timestamp` is whole seconds
 * since the epoch, as sent in X-Hamdel-Request-Timestamp.
 */
export function signCallback(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`v1:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * The receiver's check, as documented: the timestamp within the window of `nowSeconds`, and the signature
 * equal in constant time. Exported for tests and for integrators writing Node.
 */
export function verifyCallback(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > SIGNATURE_WINDOW_SECONDS)
    return false;
  const expected = Buffer.from(signCallback(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
