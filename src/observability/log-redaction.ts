/**
 * What hamdel's logs never show (pino's `redact`): credentials in request headers (authorization, cookies,
 * Telegram's and Slack's secrets), tokens and passwords wherever a log object carries them, visitor
 * secrets, and (unless the level is debug or trace) the texts customers and agents write.
 */
const ALWAYS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-slack-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.secret',
  '*.visitorSecret',
  'password',
  'token',
  'secret',
  'visitorSecret',
];

/** Message texts: kept at debug and trace, where following a conversation is the point. */
const TEXTS = ['text', '*.text', 'message.text', 'frame.text', 'raw.text', 'body.text'];

export function redactPaths(level: string): string[] {
  return level === 'debug' || level === 'trace' ? [...ALWAYS] : [...ALWAYS, ...TEXTS];
}

/** Query parameters whose values never reach the log (a visitor secret or a token in a URL). */
const SECRET_PARAMS = /([?&](?:secret|visitorSecret|token|key|password|userHash|hash)=)[^&#]*/gi;

export function hideSecretParams(url: string | undefined): string | undefined {
  return url?.replace(SECRET_PARAMS, '$1[redacted]');
}

/** Fastify's request line ("incoming request"), with the URL's secret parameters hidden. */
export function requestSerializer(req: {
  readonly method?: string;
  readonly url?: string;
  readonly host?: string;
  readonly ip?: string;
}): Record<string, unknown> {
  return { method: req.method, url: hideSecretParams(req.url), host: req.host, remoteAddress: req.ip };
}
