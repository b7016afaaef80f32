/**
 * What of a platform's raw payload is stored with a customer's message in the transcript. `InboundMessage.raw`
 * keeps the payload whole while the message is handled; the transcript keeps only the fields an agent or an
 * integrator needs to find the message on its platform (ids, the kind of message, file metadata), chosen by an
 * allow-list per channel. Names, phone numbers, locations, the text again and everything else are dropped.
 * docs/privacy.md lists the fields.
 *
 * A path is dot-separated; `[]` after a name walks every element of an array (`message.photo[].file_id`).
 */
const FILE_FIELDS = ['file_id', 'file_unique_id', 'file_name', 'mime_type', 'file_size', 'duration'];
const TELEGRAM_FILES = ['animation', 'audio', 'document', 'video', 'video_note', 'voice', 'sticker'];

export const RAW_ALLOW_LIST: Readonly<Record<string, readonly string[]>> = {
  web: ['type', 'clientMessageId'],
  http: ['customerId', 'conversationId', 'messageId', 'language'],
  telegram: [
    'update_id',
    'message.message_id',
    'message.date',
    'message.chat.id',
    'message.chat.type',
    'message.from.id',
    'message.from.language_code',
    'message.media_group_id',
    ...['file_id', 'file_unique_id', 'file_size', 'width', 'height'].map((f) => `message.photo[].${f}`),
    ...TELEGRAM_FILES.flatMap((kind) => FILE_FIELDS.map((f) => `message.${kind}.${f}`)),
    'callback_query.id',
    'callback_query.data',
    'callback_query.from.id',
    'callback_query.message.message_id',
    'callback_query.message.chat.id',
  ],
  botframework: [
    'type',
    'id',
    'channelId',
    'timestamp',
    'locale',
    'conversation.id',
    'conversation.conversationType',
    'conversation.tenantId',
    'from.id',
    'from.aadObjectId',
    'replyToId',
    ...['contentType', 'name'].map((f) => `attachments[].${f}`),
  ],
  slack: [
    'team_id',
    'event_id',
    'event.type',
    'event.subtype',
    'event.channel',
    'event.channel_type',
    'event.user',
    'event.ts',
    ...['id', 'name', 'mimetype', 'filetype', 'size'].map((f) => `event.files[].${f}`),
    'type',
    'team.id',
    'user.id',
    'channel.id',
    'container.message_ts',
    'actions[].action_id',
    'actions[].value',
    'actions[].action_ts',
  ],
};

/**
 * The allow-listed part of `raw` for `channel`; undefined when nothing is kept (an unknown channel keeps
 * nothing, and neither does a payload with none of the listed fields).
 */
export function keepRawFields(
  channel: string,
  raw: unknown,
  allowList: Readonly<Record<string, readonly string[]>> = RAW_ALLOW_LIST,
): Record<string, unknown> | undefined {
  const paths = allowList[channel];
  if (!paths) return undefined;
  let kept: unknown;
  for (const path of paths) kept = copyPath(raw, kept, path.split('.'));
  return isRecord(kept) && Object.keys(kept).length > 0 ? kept : undefined;
}

/** Copies the value at `path` in `from` into `into` (created as needed); returns `into`. */
function copyPath(from: unknown, into: unknown, path: readonly string[]): unknown {
  const [step, ...rest] = path;
  if (step === undefined) return isScalar(from) ? from : into;
  const array = step.endsWith('[]');
  const name = array ? step.slice(0, -2) : step;
  const source = name === '' ? from : isRecord(from) && Object.hasOwn(from, name) ? from[name] : undefined;
  if (source === undefined) return into;
  const target: Record<string, unknown> = isRecord(into) ? into : {};
  if (array) {
    if (!Array.isArray(source)) return into;
    const existing = Array.isArray(target[name]) ? (target[name] as unknown[]) : [];
    const items = source.map((item, i) => copyPath(item, existing[i], rest));
    if (items.every((item) => item === undefined)) return into;
    target[name] = items.map((item) => item ?? {});
    return target;
  }
  const value = copyPath(source, target[name], rest);
  if (value === undefined) return into;
  target[name] = value;
  return target;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
