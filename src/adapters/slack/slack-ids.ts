/** The channel name of Slack conversations in hamdel. */
export const SLACK_CHANNEL = 'slack';

/** Action ids of hamdel's buttons (a customer's choice carries its index: `hamdel_choice_2`). */
export const ACTION = {
  choice: 'hamdel_choice',
  take: 'hamdel_take',
  resolve: 'hamdel_resolve',
  release: 'hamdel_release',
} as const;

export const CHOICE_ACTION = /^hamdel_choice_\d+$/;

/** One conversation per customer and workspace: `slack-<team>-<user>`. */
export function slackConversationId(team: string, user: string): string {
  return `slack-${team}-${user}`;
}

/** The workspace and user of a Slack conversation id, or undefined for another channel's id. */
export function parseSlackConversationId(id: string): { team: string; user: string } | undefined {
  const match = /^slack-([A-Z0-9]+)-([A-Z0-9]+)$/.exec(id);
  return match?.[1] && match[2] ? { team: match[1], user: match[2] } : undefined;
}
