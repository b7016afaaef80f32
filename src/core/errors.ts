/**
 * Every error hamdel raises on purpose has a stable code; docs/errors.md says what each means and how to fix it.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'A setting (environment variable) has a value hamdel cannot use.',
  REDIS_UNAVAILABLE:
    'Redis does not answer: at start none could be started; while running it went away (503 until it is back).',
  ARTICLE_INVALID: 'An article file has broken front matter or misses a required field.',
  CATALOG_INVALID: 'A message catalog misses a key or has a malformed entry.',
  LEXICON_INVALID: 'An anger lexicon (content/lexicons/<lang>.yaml) or the anger model file is malformed.',
  MESSAGE_TOO_LARGE: 'A message is larger than the configured limit.',
  MESSAGE_INVALID: 'A message is not of the expected shape.',
  RATE_LIMITED:
    'Too many requests, WebSocket connections or widget frames in a short time from one address, customer or connection.',
  TOO_MANY_CONNECTIONS: 'Too many open widget connections from one address, or to one process.',
  ORIGIN_FORBIDDEN: 'The page embedding the widget is not on the origin allow-list.',
  VISITOR_SECRET_INVALID:
    "A widget's visitor id and secret do not match a visitor (unknown, wrong, or replaced by a newer secret).",
  IDENTITY_INVALID:
    "A widget's signed site user was refused: bad user id, wrong or missing user hash, or IDENTITY_SECRET unset.",
  HELLO_REQUIRED: 'A widget frame that needs a conversation came before the connection was welcomed.',
  TURN_TIMEOUT: 'A turn did not finish in time.',
  DELIVERY_BUSY:
    'Another process is still handling this platform update; the platform should deliver it again later.',
  CONVERSATION_NOT_FOUND: 'No conversation has this id.',
  CHANNEL_DISABLED: 'The channel is turned off in the settings.',
  UNAUTHORIZED: 'The request did not carry the right secret or token.',
  AUTH_REQUIRED: 'The request needs a signed-in agent: no session cookie, or the session ended.',
  AUTH_FAILED: 'The agent id or the password is wrong.',
  FORBIDDEN_ROLE: 'The signed-in agent does not have the role this needs (e.g. admin).',
  LOGIN_RATE_LIMITED: 'Too many failed sign-ins for this agent id or from this address.',
  CROSS_ORIGIN: 'A state-changing request came from another origin or without a JSON body.',
  AGENT_NOT_FOUND: 'No agent has this id.',
  AGENT_EXISTS: 'An agent with this id already exists.',
  AGENT_INVALID: 'An agent field (id, name, languages, skills, capacity, role, team) is not valid.',
  AGENT_DEACTIVATED:
    'The agent account is deactivated: it cannot sign in, take, answer or be given chats until an admin reactivates it.',
  SELF_DEACTIVATION: 'An admin tried to deactivate their own account.',
  LAST_ACTIVE_ADMIN: 'The change would leave no active admin.',
  NOT_READY:
    'This process should not get traffic now: Redis does not answer, content is not loaded, or it is shutting down.',
  PASSWORD_INVALID: 'A new password is too short or too long.',
  NOT_ONLINE: 'An agent who is not Online asked for a chat from the line.',
  AT_CAPACITY: 'An agent already holds as many chats as their capacity allows.',
  QUEUE_EMPTY: 'Nobody the agent can serve (language, skills, team) is waiting.',
  TICKET_GONE: 'The chat picked from the line is no longer there (taken back, resolved, or never there).',
  TICKET_TAKEN: 'The chat picked from the line was taken by an agent first.',
  TICKET_NOT_SERVABLE:
    'The chat picked from the line needs a team, language or skill the agent does not have.',
  TRANSFER_REFUSED:
    'The agent a chat was to be transferred to cannot take it now (away, full, or unable to serve it).',
  COMMAND_FAILED:
    'A console command failed on the server for a reason that is not a refusal; the log has it.',
  NOT_CHAT_HOLDER:
    'An agent acted on a chat that another agent holds (or that nobody holds); only the holder or an admin may.',
  SESSION_REVOKED:
    "The agent's access was taken back (account removed or deactivated, admin role taken away, password changed).",
  LINK_NOT_FOUND: 'A channel an agent asked to part from a chat is not linked to it (any more).',
  CUSTOMER_KEY_INVALID: 'A customer is not named as <channel>:<id> (several joined by commas).',
  CUSTOMER_NOT_FOUND: 'Nothing is kept about this customer (never seen, expired, or already erased).',
  CUSTOMER_IN_CHAT: "An agent holds one of the customer's conversations, so their data was not erased.",
  REPORT_QUERY_INVALID:
    'A reports request has a bad parameter (from, to, groupBy, tz, lang, weekStart or format), or a range over 400 days.',
  NOT_FOUND: 'No route or file answers this method and path.',
  BODY_TOO_LARGE: 'The request body is larger than the server accepts.',
  MEDIA_TYPE_UNSUPPORTED:
    'The request body has a Content-Type the route does not read (send application/json).',
  INTERNAL_ERROR: 'Something failed on the server; the log has the details.',
  TEAM_INVALID: "A team's name or business hours sent to the admin API are not valid.",
  TEAM_NOT_FOUND: 'No team of this name was set in the admin console (teams from teams.yaml stay).',
  ROUTING_INVALID: 'A routing rule (topic, channel or site to a team) is not valid.',
  CONTENT_CONFLICT:
    'A content file changed on disk since the editor opened it (or was removed); nothing was written, the answer carries the file as it is now.',
  CONTENT_EXISTS: 'A content file was to be created or renamed to a name that is already taken.',
  CONTENT_NOT_FOUND: 'No content file (article) is at this path.',
  CONTENT_PATH_INVALID:
    'A content path or id is not allowed: only lower-case letters, digits and dashes, inside the content folder.',
  CONTENT_BUSY: 'Another save of the same content file took too long; nothing was written.',
  DUPLICATE_QUESTION: 'The example question is already in the article (the same once normalized).',
  CALLBACK_URL_INVALID:
    'A callback URL for the HTTP channel was refused: not a URL, not https, a private or loopback address, or no HTTP_CHANNEL_CALLBACK_SECRET to sign with.',
  DEAD_LETTER_NOT_FOUND:
    'No dead-lettered callback message has this delivery id (already replayed or discarded).',
  DRAFT_INVALID:
    "An editor's draft article cannot be read as its file would be (front matter, language, or an id in use).",
  DRAFT_BUSY: 'Too many draft knowledge bases are being built in this process; try again in a moment.',
  STYLE_INVALID: 'A style file (content/style/<lang>.yaml) is malformed.',
  INBOX_QUERY_INVALID:
    'A request to the unanswered inbox or the helpful rates has a bad parameter (language, status, limit, days, article).',
  INBOX_GROUP_NOT_FOUND:
    'No group of the unanswered inbox has this id (never, or forgotten after the retention).',
  INBOX_BUSY: 'Another request was changing the same language of the unanswered inbox; try again.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class HamdelError extends Error {
  override readonly name = 'HamdelError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isHamdelError(error: unknown, code?: ErrorCode): error is HamdelError {
  return error instanceof HamdelError && (code === undefined || error.code === code);
}
