import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../../core/config.ts';

/** One integrator of the HTTP channel: a name and a bearer token (an integrator may have two, to switch). */
export interface HttpIntegrator {
  readonly name: string;
  readonly token: string;
}

/** HTTP_CHANNEL_TOKEN's integrator, whose conversations are `http-<id>`. */
export const DEFAULT_INTEGRATOR = 'default';

/** Every integrator the settings name: HTTP_CHANNEL_TOKEN as "default", then HTTP_CHANNEL_TOKENS. */
export function httpIntegrators(
  config: Pick<Config, 'HTTP_CHANNEL_TOKEN' | 'HTTP_CHANNEL_TOKENS'>,
): HttpIntegrator[] {
  return [
    ...(config.HTTP_CHANNEL_TOKEN ? [{ name: DEFAULT_INTEGRATOR, token: config.HTTP_CHANNEL_TOKEN }] : []),
    ...config.HTTP_CHANNEL_TOKENS,
  ];
}

/** The integrator whose token the Authorization header carries (compared in constant time), if any. */
export function integratorOfRequest(
  integrators: readonly HttpIntegrator[],
  authorization: string | undefined,
): HttpIntegrator | undefined {
  const header = authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  let found: HttpIntegrator | undefined;
  for (const integrator of integrators) {
    const expected = Buffer.from(integrator.token);
    if (given.length === expected.length && timingSafeEqual(given, expected)) found ??= integrator;
  }
  return found;
}

/**
 * An integrator's id (of a conversation or a customer) as hamdel keeps it: the default integrator's as
 * they are, another's after its name and `~` (which integrators' ids cannot contain), so two integrators'
 * "42" are two customers and two conversations.
 */
export function scopedId(integrator: string, id: string): string {
  return integrator === DEFAULT_INTEGRATOR ? id : `${integrator}~${id}`;
}

/**
 * HTTP_CHANNEL_CALLBACK_URL is HTTP_CHANNEL_TOKEN's integrator's: another integrator's conversations are
 * called back only at the `callbackUrl` they gave.
 */
export function defaultUrlFor(conversationId: string, defaultUrl: string | undefined): string | undefined {
  return integratorOfConversation(conversationId) === DEFAULT_INTEGRATOR ? defaultUrl : undefined;
}

/** The integrator an HTTP channel conversation (`http-...`) belongs to. */
export function integratorOfConversation(conversationId: string): string {
  const id = conversationId.replace(/^http-/, '');
  const mark = id.indexOf('~');
  return mark < 0 ? DEFAULT_INTEGRATOR : id.slice(0, mark);
}
