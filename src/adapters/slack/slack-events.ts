/** The few fields hamdel reads from Slack's payloads (Bolt's own types are unions too wide to narrow cheaply). */

/** A `message` event (message.im in a direct message, message.channels in the agents' channel). */
export interface SlackMessageEvent {
  readonly type: 'message';
  readonly subtype?: string;
  readonly channel: string;
  readonly channel_type?: string;
  readonly user?: string;
  readonly bot_id?: string;
  readonly text?: string;
  readonly ts: string;
  readonly thread_ts?: string;
  readonly team?: string;
}

/** The Events API envelope around an event. */
export interface SlackEnvelope {
  readonly team_id?: string;
  readonly event_id?: string;
  readonly event_time?: number;
}

/** A `block_actions` payload (a button pressed). */
export interface SlackBlockActions {
  readonly type: 'block_actions';
  readonly user: { readonly id: string; readonly team_id?: string; readonly name?: string };
  readonly team?: { readonly id: string } | null;
  readonly channel?: { readonly id: string };
  readonly container?: {
    readonly message_ts?: string;
    readonly channel_id?: string;
    readonly thread_ts?: string;
  };
  readonly message?: { readonly ts: string; readonly thread_ts?: string; readonly blocks?: unknown[] };
  readonly actions: readonly {
    readonly action_id: string;
    readonly value?: string;
    readonly action_ts?: string;
    readonly text?: { readonly text: string };
  }[];
}

/**
 * A message a person wrote (a thread reply also sent to the channel counts), not an edit, a deletion, a join,
 * a file share or a bot's message.
 */
export function isPersonMessage(event: SlackMessageEvent): event is SlackMessageEvent & { user: string } {
  const plain = event.subtype === undefined || event.subtype === 'thread_broadcast';
  return plain && event.bot_id === undefined && typeof event.user === 'string';
}
