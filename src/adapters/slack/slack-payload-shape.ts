/**
 * The shape of a signed Slack payload, checked before Bolt sees it: only the fields hamdel reads (see
 * slack-events.ts), so a field Slack adds is fine. A signed payload hamdel cannot read (an event that is not
 * an object, a message whose `text` is a number, a button without an action id) is acknowledged and dropped
 * with a reason: answering 500 would make Slack deliver it again, and it would fail the same way each time.
 */
import { z } from 'zod';

const message = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  team: z.string().optional(),
});
const envelope = z.object({
  type: z.literal('event_callback'),
  team_id: z.string().optional(),
  event_id: z.string().optional(),
  event: message,
});
const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string(), team_id: z.string().optional() }),
  channel: z.object({ id: z.string() }).optional(),
  container: z
    .object({
      message_ts: z.string().optional(),
      channel_id: z.string().optional(),
      thread_ts: z.string().optional(),
    })
    .optional(),
  message: z
    .object({ ts: z.string(), thread_ts: z.string().optional(), blocks: z.array(z.unknown()).optional() })
    .optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        value: z.string().optional(),
        action_ts: z.string().optional(),
        text: z.object({ text: z.string() }).optional(),
      }),
    )
    .min(1),
});

export type SlackPayloadVerdict =
  | { readonly handle: true }
  /** Acknowledge without handling: `malformed` says whether to warn (or it is only an event nobody reads). */
  | { readonly handle: false; readonly malformed: boolean; readonly reason: string };

/**
 * Whether Bolt should handle a signed payload. hamdel listens to `message` events only (direct messages and
 * the agents' channel): any other event is acknowledged without being handled, so that a malformed one of
 * those cannot fail in Bolt's own context middleware either. Other payload types (url_verification is
 * answered before this) pass on to Bolt.
 */
export function slackPayloadVerdict(body: Record<string, unknown>): SlackPayloadVerdict {
  if (body.type === 'event_callback') {
    const event = body.event;
    const type = event !== null && typeof event === 'object' ? (event as { type?: unknown }).type : undefined;
    if (type !== 'message') {
      return { handle: false, malformed: typeof type !== 'string', reason: `event type ${String(type)}` };
    }
  }
  const problem = slackPayloadProblem(body);
  return problem === undefined ? { handle: true } : { handle: false, malformed: true, reason: problem };
}

/** Why a signed payload cannot be read, or undefined when it can. */
function slackPayloadProblem(body: Record<string, unknown>): string | undefined {
  const schema =
    body.type === 'event_callback' ? envelope : body.type === 'block_actions' ? blockActions : undefined;
  if (schema === undefined) return undefined;
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  return result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
}
