import { LANGUAGES, type Language } from '../../core/language.ts';
import type { Middleware } from '../pipeline.ts';
import { containsPhrase } from '../phrases.ts';
import type { TurnContext } from '../turn-context.ts';
import type { PhraseKey } from '../message-catalog.ts';
import { formatLinkCode } from '../../conversations/link-codes.ts';
import { formatCount } from '../../language/counted-words.ts';
import { LATIN_DIGITS } from '../../language/digits.ts';

/**
 * One customer across channels, as the customer meets it: "continue on Telegram" (in any language) gets a
 * one-time code, and the Telegram deep link when the bot's name is set; a code used on the way in
 * (src/conversations/channel-linking.ts) is confirmed or refused; "unlink" parts the channel written from
 * (or, written from the conversation's own channel, every linked one). Only a code used on purpose is
 * refused (ChannelLinking.resolve): eight digits in a row that are no code reach the next steps as text.
 * Runs first, so that it works while a person has the chat.
 */
export const linkChannels: Middleware<TurnContext> = async (ctx, next) => {
  const { message, services } = ctx;
  const linking = services.linking;
  if (!linking) return next();
  const address = message.address ?? message.conversationId;
  const link = message.link;
  if (link?.kind === 'joined') {
    ctx.language = ctx.conversation.language ?? languageOf(ctx);
    ctx.say('link_joined');
    return;
  }
  if (link?.kind === 'refused') {
    ctx.language = languageOf(ctx);
    if (link.reason === 'rate-limited') return ctx.say('link_rate_limited');
    // The refusal says how long codes last: the business's LINK_CODE_MINUTES, not a fixed figure.
    const minutes = formatCount('minutes', linking.codeMinutes, ctx.language, LATIN_DIGITS); // digits: the engine's
    return ctx.say('link_refused', { values: { minutes } });
  }
  if (ctx.input.kind !== 'text') return next();
  const text = ctx.input.text;
  const asked = matched(ctx, text, 'link_requests');
  if (asked) {
    ctx.language = asked;
    const issued = await linking.issue(ctx.conversation.id, address);
    if (!issued.ok) return ctx.say('link_rate_limited');
    const { catalog, clock, telegramBot } = services;
    const minutes = formatCount('minutes', (issued.expiresAt - clock.now()) / 60_000, asked, LATIN_DIGITS);
    const parts = [catalog.text(asked, 'link_code', { code: formatLinkCode(issued.code), minutes })];
    if (telegramBot) {
      const url = `https://t.me/${telegramBot}?start=${issued.code}`;
      parts.push(catalog.text(asked, 'link_telegram', { link: url }));
    }
    ctx.replies.push({ text: parts.join('\n\n'), meta: { kind: 'notice' } });
    return;
  }
  const unlink = matched(ctx, text, 'unlink_requests');
  if (unlink) {
    ctx.language = unlink;
    const by = `customer:${address}`;
    const addresses =
      message.address !== undefined
        ? [message.address]
        : (await linking.linksOf(ctx.conversation.id)).map((l) => l.address);
    for (const each of addresses) await linking.unlink(each, by, each === message.address);
    if (message.address !== undefined) ctx.effects.routeHome = message.address;
    ctx.say(addresses.length > 0 ? 'link_unlinked' : 'link_none');
    return;
  }
  return next();
};

/** The language whose phrase list the text matches (the customer's language if theirs does), if any. */
function matched(ctx: TurnContext, text: string, key: PhraseKey): Language | undefined {
  const first = languageOf(ctx); // "/unlink" is in every list: answered in the customer's language
  const order = [first, ...LANGUAGES.filter((l) => l !== first)];
  return order.find((language) => containsPhrase(text, ctx.services.catalog.phrases(language, key)));
}

/** The customer's language before detection: the channel's word, the conversation's, the clue's. */
function languageOf(ctx: TurnContext): Language {
  const { message, conversation, services } = ctx;
  return (
    message.languageHint ?? conversation.language ?? message.languagePreference ?? services.defaultLanguage
  );
}
