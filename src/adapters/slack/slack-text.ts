/** Escapes the three characters Slack's mrkdwn and plain text treat as control characters. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * What a Slack user typed, as plain text for a customer on another channel: Slack sends `&`, `<` and `>`
 * escaped and links as `<url|label>`; mentions `<@U123>` stay as they are (nobody outside Slack can read them).
 */
export function plainFromSlack(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Slack caps a section's text at 3000 characters and a button's label at 75. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
