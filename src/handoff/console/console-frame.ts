/**
 * A console frame read and checked before it is acted on: JSON of one of the shapes in console-protocol.ts,
 * with every field of the right type and size. Anything else is refused with MESSAGE_INVALID and a reason,
 * and nothing is done.
 */
import { z } from 'zod';
import type { ConsoleClientFrame } from '../console-protocol.ts';

const id = z.string().min(1).max(200);
const ref = z.string().max(200).optional();
const text = z.string().max(10_000);

const frame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: z.enum(['online', 'away']) }),
  z.object({ type: z.literal('take-next'), ref }),
  z.object({ type: z.literal('take'), conversationId: id, ref }),
  z.object({ type: z.literal('note'), conversationId: id, text: z.string().min(1).max(4000), ref }),
  z.object({
    type: z.literal('tags'),
    conversationId: id,
    tags: z.array(z.string().min(1).max(40)).max(20),
    ref,
  }),
  z.object({ type: z.literal('customer'), conversationId: id, ref }),
  z.object({ type: z.literal('past'), conversationId: id, pastId: id, ref }),
  z.object({
    type: z.literal('search'),
    conversationId: id,
    query: z.string().min(1).max(200),
    scope: z.enum(['customer', 'closed']).optional(),
    ref,
  }),
  z.object({ type: z.literal('colleagues'), conversationId: id, ref }),
  z.object({ type: z.literal('say'), conversationId: id, text, ref: z.string().min(1).max(200) }),
  z.object({ type: z.literal('typing'), conversationId: id }),
  z.object({ type: z.literal('release'), conversationId: id, ref }),
  z.object({ type: z.literal('transfer'), conversationId: id, toAgentId: id, ref }),
  z.object({ type: z.literal('resolve'), conversationId: id, note: text.optional(), ref }),
]);

export type ConsoleFrameReading =
  | { readonly ok: true; readonly frame: ConsoleClientFrame }
  | { readonly ok: false; readonly message: string; readonly ref?: string };

/** Reads one text frame of the console's socket. */
export function readConsoleFrame(text: string): ConsoleFrameReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Frames must be JSON.' };
  }
  const parsed = frame.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const given = (value as { ref?: unknown } | null)?.ref;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') ?? '';
  return {
    ok: false,
    message: `Not a console command${where ? ` (${where}: ${issue?.message ?? 'invalid'})` : ''}.`,
    ...(typeof given === 'string' && given.length <= 200 ? { ref: given } : {}),
  };
}
