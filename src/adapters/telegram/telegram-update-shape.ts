/**
 * The shape of a Telegram update, checked before it is read: only the fields the channel reads, so a new
 * field Telegram adds is fine, and an update missing one (a message without `chat`, a button without `from`)
 * is dropped with a reason instead of crashing its handler (which made Telegram deliver it forever).
 */
import { z } from 'zod';

const chat = z.object({ id: z.number().int(), type: z.string() });
const user = z.object({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
const named = z.object({ file_name: z.string().optional() });
const message = z.object({
  message_id: z.number().int(),
  date: z.number(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  document: named.optional(),
  audio: named.optional(),
});
const update = z.object({
  update_id: z.number().int(),
  message: message.optional(),
  callback_query: z
    .object({
      id: z.string(),
      from: user,
      data: z.string().optional(),
      message: z.object({ message_id: z.number().int(), chat }).optional(),
    })
    .optional(),
  my_chat_member: z.object({ chat, new_chat_member: z.object({ status: z.string() }) }).optional(),
});

/** What is wrong with an update ("message.chat: …"), or undefined when the channel can read it. */
export function updateProblem(value: unknown): string | undefined {
  const checked = update.safeParse(value);
  if (checked.success) return undefined;
  const issue = checked.error.issues[0];
  return issue ? `${issue.path.join('.') || 'update'}: ${issue.message}` : 'not an update';
}
