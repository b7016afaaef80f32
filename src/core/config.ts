import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HamdelError } from './errors.ts';
import { parseRedisNode, type RedisNode } from './redis-nodes.ts';
import { isTimeZone } from './time-zone.ts';

/** The sample content shipped with hamdel, found from this file (src/core/ or dist/core/). */
/** The content/ folder shipped with the package. */
export const PACKAGE_CONTENT_DIR = fileURLToPath(new URL('../../content', import.meta.url));

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
/** A rate limit: how many in a minute, 0 for none. */
const perMinute = z.coerce.number().int().min(0);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['true', '1', 'yes'].includes(v));
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);
/** Fastify's trustProxy: true (any proxy), false (none) or the proxies' addresses and CIDR ranges. */
const trustProxy = z
  .string()
  .transform((v): boolean | string[] => (v === 'true' || v === 'false' ? v === 'true' : list.parse(v)));
/** A comma-separated list of "host:port". */
const redisNodes = list.transform((items, ctx): RedisNode[] => {
  const nodes: RedisNode[] = [];
  for (const item of items) {
    const node = parseRedisNode(item);
    if (node) nodes.push(node);
    else ctx.addIssue({ code: 'custom', message: `"${item}" is not host:port` });
  }
  return nodes;
});

/**
 * Every setting hamdel reads from the environment, with its default. README.md documents each one.
 */
const schema = z.object({
  /** "production" turns on the safe-defaults check below (no "*" origins, every secret the features need). */
  NODE_ENV: z.string().default('development'),
  /** Port of the HTTP server (widget, demo page, APIs). */
  PORT: port.default(3000),
  /** Interface to listen on. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * Behind a proxy: whose X-Forwarded-For and X-Forwarded-Proto to believe (client addresses for sign-in
   * limits, https for secure cookies). "true" only when nothing but the proxy can reach hamdel; otherwise
   * the proxy's addresses or CIDR ranges (comma-separated).
   */
  TRUST_PROXY: trustProxy.default(false),
  /** Which Redis: one server (REDIS_URL), a Sentinel-managed master, or a Redis Cluster (docs/redis-topologies.md). */
  REDIS_MODE: z.enum(['single', 'sentinel', 'cluster']).default('single'),
  /** Where Redis is (REDIS_MODE=single). */
  REDIS_URL: z
    .string()
    .url()
    .refine(
      (u) => u.startsWith('redis://') || u.startsWith('rediss://') || u.startsWith('unix://'),
      'must start with redis://, rediss:// or unix:// (a Unix socket on this host: unix:///run/redis/redis.sock)',
    )
    .default('redis://127.0.0.1:6379'),
  /** REDIS_MODE=sentinel: the Sentinels, "host:port,host:port,...". */
  REDIS_SENTINELS: redisNodes.optional(),
  /** REDIS_MODE=sentinel: the name the Sentinels monitor the master under. */
  REDIS_SENTINEL_NAME: z.string().min(1).default('mymaster'),
  /** REDIS_MODE=sentinel: the Sentinels' own password (their requirepass), when they have one. */
  REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
  /** REDIS_MODE=cluster: some or all of the Cluster's nodes, "host:port,host:port,..." (the rest are discovered). */
  REDIS_CLUSTER_NODES: redisNodes.optional(),
  /** REDIS_MODE=sentinel or cluster: the Redis servers' password (in single mode it goes in REDIS_URL). */
  REDIS_PASSWORD: z.string().min(1).optional(),
  /** Start a local redis-server as a child process when nothing answers at REDIS_URL (single mode only). */
  REDIS_AUTOSTART: bool.default(true),
  /** Where an auto-started Redis keeps its data. */
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Prefix of every Redis key hamdel writes, so several installations can share one Redis. No braces: hamdel
   * places the Redis Cluster hash tags itself, and a "{...}" in the prefix would put every key in one slot.
   */
  KEY_PREFIX: z
    .string()
    .min(1)
    .regex(/^[^{}]+$/, 'must not contain "{" or "}"')
    .default('hamdel:'),
  /** Folder of articles, message catalogs and synonyms (default: the package's content/). */
  CONTENT_DIR: z.string().min(1).default(PACKAGE_CONTENT_DIR),
  /** Watch CONTENT_DIR and apply edits without a restart. */
  CONTENT_WATCH: bool.default(true),
  /** How long transcripts and conversations are kept after their last message. */
  TRANSCRIPT_RETENTION_DAYS: positiveInt.default(90),
  /** How long a closed ticket (figures, the agent's note, the rating) is kept after the chat ended, in days. */
  CLOSED_TICKET_RETENTION_DAYS: positiveInt.default(365),
  /** How long the raw report events (docs/reports.md) are kept, in days. */
  REPORT_EVENTS_RETENTION_DAYS: positiveInt.default(90),
  /** How long the hourly and daily report figures are kept, in days. */
  REPORT_AGGREGATE_RETENTION_DAYS: positiveInt.default(400),
  /** A conversation with no customer message for this many hours has ended (and may count as resolved by the bot). */
  REPORT_IDLE_HOURS: positiveInt.default(24),
  /** The business's IANA time zone: report days and weeks, and the default `tz` of the reports API. */
  BUSINESS_TIME_ZONE: z
    .string()
    .min(1)
    .refine((tz) => isTimeZone(tz), 'must be an IANA time zone such as Asia/Tehran or UTC')
    .default('UTC'),
  /** A wait in line longer than this (seconds) is an SLA breach in reports (a team of teams.yaml may set its own `slaWaitSeconds`). */
  SLA_WAIT_SECONDS: positiveInt.default(300),
  /** How long the audit log of admins' changes (accounts, teams, routing) keeps an entry, in days. */
  ADMIN_AUDIT_RETENTION_DAYS: positiveInt.default(365),
  /** Origins allowed to embed the widget (comma-separated); "*" allows any. */
  ALLOWED_ORIGINS: list.default(['*']),
  /** Largest customer message accepted, in characters. */
  MAX_MESSAGE_CHARS: positiveInt.default(2000),
  /** Messages one connection may send per minute. */
  RATE_LIMIT_PER_MINUTE: positiveInt.default(30),
  /** Most transcript entries one widget replay sends (the newest after what the widget has shown). */
  WIDGET_REPLAY_LIMIT: positiveInt.default(200),
  /** `hello` frames one widget connection may send per minute (it needs one). */
  WIDGET_HELLOS_PER_MINUTE: positiveInt.default(6),
  /** Messages (`say` frames) one customer may send per minute over all their connections and processes (0: none). */
  CUSTOMER_MESSAGES_PER_MINUTE: perMinute.default(60),
  /** `hello` frames one customer may send per minute over all their connections and processes (0: none). */
  CUSTOMER_HELLOS_PER_MINUTE: perMinute.default(60),
  /** `typing` frames one customer may send per minute over all their connections and processes (0: none). */
  CUSTOMER_TYPING_PER_MINUTE: perMinute.default(120),
  /** Requests per minute from one client address to one /api/* route (the HTTP channel excepted; 0: none). */
  API_RATE_LIMIT_PER_MINUTE: perMinute.default(300),
  /** Requests per minute from one client address to each HTTP channel route (POST /api/messages, polling; 0: none). */
  HTTP_CHANNEL_RATE_LIMIT_PER_MINUTE: perMinute.default(600),
  /** Sign-in attempts (right or wrong) per minute from one client address (0: none). */
  LOGIN_RATE_LIMIT_PER_MINUTE: perMinute.default(10),
  /** WebSocket connections (widget /ws and console /agent/ws) one client address may open per minute (0: none). */
  WEBSOCKET_UPGRADES_PER_MINUTE: perMinute.default(120),
  /** Open widget connections from one client address (0: no limit); see TRUST_PROXY behind a proxy. */
  WIDGET_CONNECTIONS_PER_IP: z.coerce.number().int().min(0).default(50),
  /** Open widget connections to one process (0: no limit). */
  WIDGET_MAX_CONNECTIONS: z.coerce.number().int().min(0).default(10_000),
  /** A WebSocket (widget or console) is closed when more than this many bytes wait to be sent to it. */
  SOCKET_SEND_BUFFER_BYTES: positiveInt.default(1024 * 1024),
  /**
   * Key for verified site users (docs/identity.md): the site signs a signed-in user's id with it
   * (hex HMAC-SHA256) and passes both to the widget. Verified identity is off when unset.
   */
  IDENTITY_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. 32 random bytes, hex)')
    .optional(),
  /** Language used when nothing tells the customer's language yet. */
  DEFAULT_LANGUAGE: z.enum(['fa', 'ar', 'en']).default('en'),
  /** Digits Persian readers get everywhere (answers, notices, widget, consoles): "persian" (۱۲۳) or "latin" (123). */
  DIGITS_FA: z.enum(['persian', 'latin']).default('persian'),
  /** Digits Arabic readers get everywhere: "arabic" (Arabic-Indic, ١٢٣) or "latin" (123). */
  DIGITS_AR: z.enum(['arabic', 'latin']).default('arabic'),
  /** Bearer token for the HTTP channel (POST /api/messages); the channel is off when empty. */
  HTTP_CHANNEL_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Further integrators of the HTTP channel, each with its own token and its own conversations:
   * `name:token` pairs, comma-separated (a name twice: two tokens of one integrator, for a switch). A token
   * reads and writes only its integrator's conversations (`http-<name>~<id>`; HTTP_CHANNEL_TOKEN's are
   * `http-<id>`).
   */
  HTTP_CHANNEL_TOKENS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const pairs = (value ?? '')
        .split(',')
        .map((pair) => pair.trim())
        .filter(Boolean);
      const parsed: { name: string; token: string }[] = [];
      for (const pair of pairs) {
        const at = pair.indexOf(':');
        const name = pair.slice(0, at);
        const token = pair.slice(at + 1);
        if (at < 0 || !/^[a-z0-9][a-z0-9-]{0,31}$/.test(name) || name === 'default' || token.length < 16) {
          ctx.addIssue({
            code: 'custom',
            message:
              'must be name:token pairs separated by commas; a name of 1-32 lowercase letters, digits and "-" (not "default"), a token of at least 16 characters',
          });
          return z.NEVER;
        }
        parsed.push({ name, token });
      }
      return parsed;
    }),
  /** Where the HTTP channel POSTs later messages (agent replies, waits, the survey, notices); off when unset. */
  HTTP_CHANNEL_CALLBACK_URL: z.string().url().optional(),
  /** Key of the callbacks' signature (X-Hamdel-Signature); required for a callback URL, here or per conversation. */
  HTTP_CHANNEL_CALLBACK_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. the output of: openssl rand -hex 32)')
    .optional(),
  /** Development only: callbacks may use http:// and loopback or private addresses (refused in production). */
  HTTP_CHANNEL_CALLBACK_INSECURE: bool.default(false),
  /** Attempts per callback message before it goes to the dead-letter list. */
  HTTP_CHANNEL_CALLBACK_ATTEMPTS: positiveInt.default(8),
  /** First retry delay of a callback (ms); doubled per attempt, with jitter, at most 10 minutes. */
  HTTP_CHANNEL_CALLBACK_BACKOFF_MS: positiveInt.default(1000),
  /** How long one callback attempt may take (ms) before it counts as failed. */
  HTTP_CHANNEL_CALLBACK_TIMEOUT_MS: positiveInt.default(10_000),
  /** Telegram bot token from BotFather ("123456:ABC-..."); the Telegram channel is off without one. */
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{20,}$/, 'must look like 123456789:AAH... (from BotFather)')
    .optional(),
  /** How Telegram's updates arrive: "webhook" (POST /telegram/webhook, production) or "polling" (development). */
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('polling'),
  /** Secret token Telegram repeats in every webhook request (1-256 of A-Z a-z 0-9 _ -); required for webhook. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 letters, digits, "_" or "-"')
    .optional(),
  /** Public https URL of POST /telegram/webhook; when set, hamdel registers it with Telegram at start. */
  TELEGRAM_WEBHOOK_URL: z.string().url().startsWith('https://', 'must be an https:// URL').optional(),
  /** Telegram Bot API server, without a trailing slash (a local Bot API server, or a fake in tests). */
  TELEGRAM_API_ROOT: z
    .string()
    .url()
    .transform((url) => url.replace(/\/+$/, ''))
    .default('https://api.telegram.org'),
  /** The Telegram bot's user name (without "@"): link codes then come with a deep link t.me/<bot>?start=<code>. */
  TELEGRAM_BOT_USERNAME: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'must be the bot\'s user name without "@", e.g. TabasomBot')
    .optional(),
  /** How long a code that carries a conversation to another channel ("continue on Telegram") works, in minutes. */
  LINK_CODE_MINUTES: positiveInt.default(10),
  /** Wrong link codes all chats together may try in 10 minutes; past it no code is tried until the window ends. */
  LINK_CODE_FAILURES_PER_10_MINUTES: positiveInt.default(100),
  /** Long polling: how long the polling lease outlives a process that died, before another process polls. */
  TELEGRAM_LEASE_SECONDS: positiveInt.default(10),
  /** What the bot does when a customer is angry: hand them to a person at once, or offer one. */
  ANGER_ACTION: z.enum(['handoff', 'offer']).default('handoff'),
  /** After an answer, ask the customer "did this help?" with Yes and No (per-article rates, the editors' inbox). */
  HELPFUL_QUESTION: bool.default(true),
  /** Not again within this many minutes of the last time it was asked in the conversation (0: after every answer). */
  HELPFUL_QUESTION_GAP_MINUTES: z.coerce.number().int().min(0).default(10),
  /** An agent whose console has not been heard from for this long counts as gone; their chats go back in line. */
  AGENT_PRESENCE_TTL_SECONDS: positiveInt.default(45),
  /** How long a taken chat stays locked in BullMQ without a renewal. */
  HANDOFF_LOCK_SECONDS: positiveInt.default(60),
  /**
   * The fairness bound of the human line: nobody is served before a customer who came more than this many
   * seconds before them. Angry customers get this head start, customers who asked for a person half of it,
   * repeated failures none (docs/queue-fairness.md). 0: strictly first come, first served.
   */
  HANDOFF_MAX_OVERTAKE_SECONDS: z.coerce.number().int().nonnegative().default(120),
  /** How often the handoff supervisor keeps locks, returns absent agents' chats and updates waits. */
  HANDOFF_SUPERVISOR_INTERVAL_MS: positiveInt.default(5000),
  /** Slack bot token (xoxb-...); the Slack channel and agent workspace are off without one. */
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must start with xoxb-').optional(),
  /** Slack app's signing secret: requests to POST /slack/events are refused without a valid signature. */
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  /** How Slack reaches hamdel: "http" (Events API to POST /slack/events) or "socket" (Socket Mode, for development). */
  SLACK_MODE: z.enum(['http', 'socket']).default('http'),
  /** App-level token (xapp-..., scope connections:write) for Socket Mode. */
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must start with xapp-').optional(),
  /** Channel id (C...) where escalations are posted for agents to take; none: Slack is a customer channel only. */
  SLACK_AGENT_CHANNEL: z
    .string()
    .regex(/^[CG][A-Z0-9]+$/, 'must be a channel id like C0123ABCD')
    .optional(),
  /** One process posts escalations and follows their threads; another takes over this long after it died. */
  SLACK_BOARD_LEASE_SECONDS: positiveInt.default(15),
  /** Slack Web API base URL, with the trailing slash (tests point it at a fake). */
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  /** The bot's Microsoft App ID (Azure Bot resource); the Bot Framework channel (Teams, Web Chat...) is off without one. */
  BOTFRAMEWORK_APP_ID: z.string().uuid('must be the App ID (a GUID) of the Azure Bot resource').optional(),
  /** The app's client secret; or a certificate (BOTFRAMEWORK_CERT_THUMBPRINT and BOTFRAMEWORK_CERT_KEY_FILE). */
  BOTFRAMEWORK_APP_PASSWORD: z.string().min(1).optional(),
  /** MultiTenant (tokens from the botframework.com tenant) or SingleTenant (from BOTFRAMEWORK_TENANT_ID). */
  BOTFRAMEWORK_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant']).default('MultiTenant'),
  /** The Entra ID tenant of a SingleTenant bot. */
  BOTFRAMEWORK_TENANT_ID: z.string().min(1).optional(),
  /** Hex thumbprint of the app's certificate (instead of a password). */
  BOTFRAMEWORK_CERT_THUMBPRINT: z
    .string()
    .regex(
      /^[0-9A-Fa-f]{40}$|^[0-9A-Fa-f]{64}$/,
      "must be the certificate's SHA-1 or SHA-256 thumbprint in hex",
    )
    .optional(),
  /** PEM file with the certificate's private key. */
  BOTFRAMEWORK_CERT_KEY_FILE: z.string().min(1).optional(),
  /** The login service the bot gets its tokens from (https, without a tenant); a private cloud's, or a fake in tests. */
  BOTFRAMEWORK_LOGIN_URL: z
    .string()
    .url()
    .startsWith('https://', 'must be an https:// URL')
    .transform((url) => url.replace(/\/+$/, ''))
    .default('https://login.microsoftonline.com'),
  /** The OpenID metadata of the keys that sign the Bot Connector's requests (inbound tokens are checked against them). */
  BOTFRAMEWORK_OPENID_METADATA_URL: z
    .string()
    .url()
    .default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  /** PEM file of certificate authorities trusted beside the system's for BOTFRAMEWORK_LOGIN_URL. */
  BOTFRAMEWORK_LOGIN_CA_FILE: z.string().min(1).optional(),
  /** Bearer token Prometheus sends to GET /metrics; without one, /metrics answers only this machine. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Log lines as "pretty" text or "json"; default pretty on a terminal outside production, else json. */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The settings that depend on each other. */
const checkedSchema = schema.superRefine((settings, ctx) => {
  // Without the secret anyone who finds the webhook URL could post updates in a customer's name.
  if (
    settings.TELEGRAM_BOT_TOKEN &&
    settings.TELEGRAM_MODE === 'webhook' &&
    !settings.TELEGRAM_WEBHOOK_SECRET
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['TELEGRAM_WEBHOOK_SECRET'],
      message: 'is required when TELEGRAM_MODE=webhook',
    });
  }
  if (settings.BOTFRAMEWORK_APP_ID) botFrameworkChecks(settings, ctx);
  if (settings.HTTP_CHANNEL_CALLBACK_URL && !settings.HTTP_CHANNEL_CALLBACK_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['HTTP_CHANNEL_CALLBACK_SECRET'],
      message: 'is required when HTTP_CHANNEL_CALLBACK_URL is set (callbacks are always signed)',
    });
  }
  if (
    settings.HTTP_CHANNEL_CALLBACK_URL &&
    !settings.HTTP_CHANNEL_CALLBACK_INSECURE &&
    !settings.HTTP_CHANNEL_CALLBACK_URL.startsWith('https://')
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['HTTP_CHANNEL_CALLBACK_URL'],
      message:
        'must be an https:// URL (http:// only with HTTP_CHANNEL_CALLBACK_INSECURE=true, in development)',
    });
  }
  // A list of nodes for another mode than the one chosen is a mode forgotten, not a setting to ignore.
  const nodesOf = { sentinel: 'REDIS_SENTINELS', cluster: 'REDIS_CLUSTER_NODES' } as const;
  for (const [mode, name] of Object.entries(nodesOf)) {
    const given = settings[name] !== undefined && settings[name].length > 0;
    if (settings.REDIS_MODE === mode && !given) {
      ctx.addIssue({ code: 'custom', path: [name], message: `is required when REDIS_MODE=${mode}` });
    }
    if (settings.REDIS_MODE !== mode && given) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `is set, but REDIS_MODE is ${settings.REDIS_MODE}`,
      });
    }
  }
  if (settings.NODE_ENV === 'production') productionChecks(settings, ctx);
  if (settings.REDIS_MODE === 'single' && settings.REDIS_PASSWORD !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['REDIS_PASSWORD'],
      message:
        'is for REDIS_MODE=sentinel or cluster; in single mode put it in REDIS_URL (redis://:password@host:6379)',
    });
  }
});

export type Config = z.infer<typeof schema>;

/** Shortest HTTP channel token accepted in production. */
const PRODUCTION_TOKEN_CHARS = 32;

/**
 * NODE_ENV=production: what is friendly on a laptop is refused on a server, each with what to set.
 * (Telegram's webhook secret is required in every environment; /metrics never answers beyond this machine
 * without METRICS_TOKEN, so it needs no check here.)
 */
function productionChecks(settings: z.infer<typeof schema>, ctx: z.RefinementCtx): void {
  if (settings.ALLOWED_ORIGINS.includes('*')) {
    ctx.addIssue({
      code: 'custom',
      path: ['ALLOWED_ORIGINS'],
      message:
        'must list the sites that embed the widget (e.g. https://shop.example,https://www.shop.example) when NODE_ENV=production; "*" lets any site use it',
    });
  }
  if (
    settings.HTTP_CHANNEL_TOKEN !== undefined &&
    settings.HTTP_CHANNEL_TOKEN.length < PRODUCTION_TOKEN_CHARS
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['HTTP_CHANNEL_TOKEN'],
      message: `must be at least ${PRODUCTION_TOKEN_CHARS} characters when NODE_ENV=production (e.g. the output of: openssl rand -base64 32)`,
    });
  }
  if (settings.HTTP_CHANNEL_TOKENS.some((entry) => entry.token.length < PRODUCTION_TOKEN_CHARS)) {
    ctx.addIssue({
      code: 'custom',
      path: ['HTTP_CHANNEL_TOKENS'],
      message: `every token must be at least ${PRODUCTION_TOKEN_CHARS} characters when NODE_ENV=production`,
    });
  }
  if (settings.HTTP_CHANNEL_CALLBACK_INSECURE) {
    ctx.addIssue({
      code: 'custom',
      path: ['HTTP_CHANNEL_CALLBACK_INSECURE'],
      message: 'must be false when NODE_ENV=production: callbacks go to https:// and public addresses only',
    });
  }
  if (settings.SLACK_BOT_TOKEN && settings.SLACK_MODE === 'http' && !settings.SLACK_SIGNING_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['SLACK_SIGNING_SECRET'],
      message:
        "is required when SLACK_BOT_TOKEN is set and SLACK_MODE=http: copy the Signing Secret from the Slack app's Basic Information page",
    });
  }
}

/** A Bot Framework bot needs a way to prove itself, and a SingleTenant bot its tenant. */
function botFrameworkChecks(settings: z.infer<typeof schema>, ctx: z.RefinementCtx): void {
  const certificate = Boolean(settings.BOTFRAMEWORK_CERT_THUMBPRINT || settings.BOTFRAMEWORK_CERT_KEY_FILE);
  if (certificate && !(settings.BOTFRAMEWORK_CERT_THUMBPRINT && settings.BOTFRAMEWORK_CERT_KEY_FILE)) {
    const missing = settings.BOTFRAMEWORK_CERT_THUMBPRINT
      ? 'BOTFRAMEWORK_CERT_KEY_FILE'
      : 'BOTFRAMEWORK_CERT_THUMBPRINT';
    ctx.addIssue({
      code: 'custom',
      path: [missing],
      message: 'is required with a certificate (both are needed)',
    });
  }
  if (!certificate && !settings.BOTFRAMEWORK_APP_PASSWORD) {
    ctx.addIssue({
      code: 'custom',
      path: ['BOTFRAMEWORK_APP_PASSWORD'],
      message:
        'is required when BOTFRAMEWORK_APP_ID is set (or a certificate: BOTFRAMEWORK_CERT_THUMBPRINT and BOTFRAMEWORK_CERT_KEY_FILE)',
    });
  }
  if (settings.BOTFRAMEWORK_APP_TYPE === 'SingleTenant' && !settings.BOTFRAMEWORK_TENANT_ID) {
    ctx.addIssue({
      code: 'custom',
      path: ['BOTFRAMEWORK_TENANT_ID'],
      message:
        'is required when BOTFRAMEWORK_APP_TYPE=SingleTenant (the Directory (tenant) ID of the app registration)',
    });
  }
}

/** Settings whose value an error message must not repeat. */
const SECRETS: ReadonlySet<string> = new Set([
  'REDIS_PASSWORD',
  'REDIS_SENTINEL_PASSWORD',
  'IDENTITY_SECRET',
  'HTTP_CHANNEL_TOKEN',
  'HTTP_CHANNEL_TOKENS',
  'HTTP_CHANNEL_CALLBACK_SECRET',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'METRICS_TOKEN',
  'BOTFRAMEWORK_APP_PASSWORD',
]);

/** Reads and validates the settings; a bad value throws CONFIG_INVALID naming the variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = checkedSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const shown = SECRETS.has(name) ? '(hidden)' : JSON.stringify(input[name] ?? '');
      return `${name}=${shown}: ${issue.message}`;
    });
    throw new HamdelError('CONFIG_INVALID', `Invalid setting: ${problems.join('; ')}`, {
      variables: parsed.error.issues.map((i) => i.path.join('.')),
    });
  }
  return parsed.data;
}
