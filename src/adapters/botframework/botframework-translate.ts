/**
 * Bot Framework activities to hamdel's normalized message: pure functions, no network and no storage. The
 * Activity protocol is the same on every channel of Azure Bot Service (Teams, Web Chat, Direct Line...);
 * `channelId` says which one.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../core/language.ts';
import type { InboundMessage } from '../../core/message.ts';
import type { ActivityJson } from './bot-sdk.ts';

export const BOTFRAMEWORK_CHANNEL = 'botframework';
/**
 * The Bot Framework channel ids known to let a bot replace a message it sent (updateActivity). Elsewhere
 * (Web Chat, Direct Line...) a changed wait is a new message; an update refused anyway is sent anew too.
 */
const UPDATABLE_CHANNELS: ReadonlySet<string> = new Set(['msteams']);

/** The fields the channel reads; anything else in an activity is kept in `raw` and not looked at. */
const account = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});
const activityShape = z.object({
  type: z.string().min(1),
  id: z.string().optional(),
  channelId: z.string().min(1),
  serviceUrl: z.string().url(),
  conversation: z.object({ id: z.string().min(1), conversationType: z.string().optional() }),
  from: account,
  recipient: account.optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  locale: z.string().optional(),
  timestamp: z.string().optional(),
  attachments: z
    .array(z.object({ contentType: z.string(), name: z.string().optional() }).passthrough())
    .optional(),
});
export type ActivityFields = z.infer<typeof activityShape>;

/** The activity's fields the channel reads, or what is wrong with it ("conversation.id: Required"). */
export function readActivity(value: unknown): { fields: ActivityFields } | { problem: string } {
  const checked = activityShape.safeParse(value);
  if (checked.success) return { fields: checked.data };
  const issue = checked.error.issues[0];
  return { problem: issue ? `${issue.path.join('.') || 'activity'}: ${issue.message}` : 'not an activity' };
}

/** hamdel's conversation id of a Bot Framework conversation (ids of some channels are long and carry any character). */
export function botConversationId(channelId: string, conversationId: string): string {
  const digest = createHash('sha256').update(`${channelId}\n${conversationId}`).digest('base64url');
  return `bf-${digest.slice(0, 24)}`;
}

/** Whether the channel lets the bot replace a sent message (the wait notice is then edited in place). */
export function canUpdate(channelId: string): boolean {
  return UPDATABLE_CHANNELS.has(channelId);
}

/** hamdel's language for an activity's locale ("ar-SA", "fa-IR", "en-US"), if it has one. */
export function languageOfLocale(locale: string | undefined): Language | undefined {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((language) => language === primary);
}

/** What the customer said: a typed text, a tapped button, a file, or nothing the channel handles. */
export type CustomerInput =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'attachment';
      readonly text: string;
      readonly attachments: { kind: string; fileName?: string }[];
    }
  | { readonly kind: 'ignored'; readonly reason: string };

/** Cards and Teams' HTML copy of the text come with messages: not files the customer sent. */
const NOT_FILES = /^(text\/html|application\/vnd\.microsoft\.card\.)/;

/** Reads a message activity; a Teams mention of the bot ("<at>Bot</at>") is taken out of the text. */
export function customerInput(fields: ActivityFields): CustomerInput {
  if (fields.type !== 'message') return { kind: 'ignored', reason: `activity of type ${fields.type}` };
  if (fields.recipient && fields.from.id === fields.recipient.id)
    return { kind: 'ignored', reason: 'from the bot' };
  const text = (fields.text ?? '').replace(/<at>[^<]*<\/at>/g, '').trim();
  // An Adaptive Card's button without Teams' messageBack brings its data as `value`.
  const picked = choiceOfValue(fields.value);
  const files = (fields.attachments ?? []).filter((a) => !NOT_FILES.test(a.contentType));
  if (files.length > 0) {
    const attachments = files.map((file) => ({
      kind: file.contentType,
      ...(file.name ? { fileName: file.name } : {}),
    }));
    const label = attachments.map((a) => (a.fileName ? `[file: ${a.fileName}]` : `[${a.kind}]`)).join(' ');
    return { kind: 'attachment', text: text ? `${label} ${text}` : label, attachments };
  }
  if (text) return { kind: 'text', text };
  if (picked) return { kind: 'text', text: picked };
  return { kind: 'ignored', reason: 'empty message' };
}

function choiceOfValue(value: unknown): string | undefined {
  const choice = (value as { choice?: unknown } | null | undefined)?.choice;
  return typeof choice === 'string' && choice ? choice : undefined;
}

/** The customer's message as the engine takes it; the activity is kept whole in `raw`. */
export function toInboundMessage(
  activity: ActivityJson,
  fields: ActivityFields,
  text: string,
  now: number,
): InboundMessage {
  const preference = languageOfLocale(fields.locale);
  const sentAt = fields.timestamp ? Date.parse(fields.timestamp) : Number.NaN;
  return {
    direction: 'in',
    channel: BOTFRAMEWORK_CHANNEL,
    conversationId: botConversationId(fields.channelId, fields.conversation.id),
    customer: {
      id: `${fields.channelId}:${fields.from.aadObjectId ?? fields.from.id}`,
      ...(fields.from.name ? { displayName: fields.from.name } : {}),
    },
    text,
    // The client's locale is the app's, not necessarily the one the customer writes in: a clue only.
    ...(preference ? { languagePreference: preference } : {}),
    sentAt: Number.isFinite(sentAt) ? sentAt : now,
    platformMessageId: `a${fields.id ?? createHash('sha256').update(JSON.stringify(activity)).digest('hex').slice(0, 32)}`,
    raw: activity,
  };
}
