/**
 * A fake Bot Connector service for tests with the real botbuilder stack, in two local servers:
 *
 * - HTTP: the OpenID metadata and the signing keys (JWKS) of the "channel" (BOTFRAMEWORK_OPENID_METADATA_URL),
 *   and the Connector API the bot sends to (the activities' serviceUrl): new activities, replies and updates
 *   (PUT), each checked for a bearer token that the fake login service issued to this bot, and recorded.
 * - HTTPS (a self-signed certificate, test/helpers/tls, trusted by the bot through BOTFRAMEWORK_LOGIN_CA_FILE):
 *   the login service (BOTFRAMEWORK_LOGIN_URL) where MSAL gets the bot's token with its app id and password.
 *
 * `send` posts an activity to the bot as a channel would, with a token signed by the fake's key (or a
 * missing, forged or misaddressed one).
 */
import {
  X509Certificate,
  createPrivateKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const FAKE_APP_ID = '11111111-2222-4333-8444-555555555555';
export const FAKE_APP_PASSWORD = 'fake-app-password-for-tests';
export const FAKE_TENANT_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
/** The CA file that makes the bot trust the fake login service's certificate. */
export const FAKE_LOGIN_CA_FILE = fileURLToPath(new URL('./tls/fake-login.crt', import.meta.url));
/** The same test certificate's private key, when a test's bot proves itself with a certificate. */
export const FAKE_CERT_KEY_FILE = fileURLToPath(new URL('./tls/fake-login.key', import.meta.url));

const CONNECTOR_ISSUER = 'https://api.botframework.com';
const KEY_ID = 'fake-connector-key';
const LOGIN_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** What the bot sent to the Connector API. */
export interface ConnectorCall {
  readonly method: 'POST' | 'PUT';
  /** The Bot Framework conversation id in the path. */
  readonly conversationId: string;
  /** PUT: the activity replaced; POST to a reply path: the activity replied to. */
  readonly activityId?: string;
  readonly activity: Record<string, unknown>;
  /** The HTTP status the fake answered with (401 for a missing or foreign token). */
  readonly status: number;
  /** The id the fake gave a new activity. */
  readonly id?: string;
}

export interface Customer {
  readonly channelId: string;
  readonly conversationId: string;
  readonly userId: string;
  readonly name: string;
  readonly locale: string;
}

type TokenKind = 'good' | 'none' | 'forged' | 'wrong-audience' | 'expired';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A JWT signed RS256 with `key`. */
function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${base64url(JSON.stringify(payload))}`;
  return `${head}.${sign('sha256', Buffer.from(head), key).toString('base64url')}`;
}

/** The payload of a JWT signed by `key` (public), or undefined when the signature does not match. */
function verifyJwt(token: string, key: KeyObject): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const ok = verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
  return ok
    ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>)
    : undefined;
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export class FakeBotConnector {
  /** Everything the bot sent to the Connector API, in order. */
  readonly calls: ConnectorCall[] = [];
  /** Token requests to the login service: the tenant in the path and whether the app's secret was right. */
  readonly tokenRequests: { tenant: string; clientId: string; accepted: boolean }[] = [];
  /** The current text of each activity the bot sent (after updates). */
  private readonly texts = new Map<string, string>();
  /** The channel's key, published in the JWKS; another key signs forged tokens. */
  private readonly channelKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /**
   * The login service's key, which signs the bot's own tokens: one for every fake in the process, as the
   * SDK keeps a token in a process-wide cache until it expires (a real login service's key outlives a bot).
   */
  private readonly loginKey = LOGIN_KEY;
  private nextId = 1;
  private readonly blocked = new Set<string>();
  /** Answers the next calls get instead of the usual one (a busy or failing Connector), in order. */
  private readonly failures: { status: number; headers: Record<string, string> }[] = [];

  private constructor(
    private readonly api: http.Server,
    private readonly login: https.Server,
    private readonly appId: string,
    private readonly password: string,
  ) {}

  static async start(appId = FAKE_APP_ID, password = FAKE_APP_PASSWORD): Promise<FakeBotConnector> {
    const tls = {
      cert: readFileSync(FAKE_LOGIN_CA_FILE),
      key: createPrivateKey(readFileSync(new URL('./tls/fake-login.key', import.meta.url))).export({
        type: 'pkcs8',
        format: 'pem',
      }),
    };
    const fake = new FakeBotConnector(http.createServer(), https.createServer(tls), appId, password);
    fake.api.on(
      'request',
      (req: http.IncomingMessage, res: http.ServerResponse) => void fake.serveApi(req, res),
    );
    fake.login.on(
      'request',
      (req: http.IncomingMessage, res: http.ServerResponse) => void fake.serveLogin(req, res),
    );
    await new Promise<void>((resolve) => fake.api.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => fake.login.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The Connector API's base URL (an activity's serviceUrl). */
  get serviceUrl(): string {
    return `http://127.0.0.1:${(this.api.address() as AddressInfo).port}/`;
  }

  /** What BOTFRAMEWORK_OPENID_METADATA_URL is set to. */
  get openIdMetadataUrl(): string {
    return `${this.serviceUrl}v1/.well-known/openidconfiguration`;
  }

  /** What BOTFRAMEWORK_LOGIN_URL is set to. */
  get loginUrl(): string {
    return `https://127.0.0.1:${(this.login.address() as AddressInfo).port}`;
  }

  /** The settings that point a bot at this fake. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      BOTFRAMEWORK_APP_ID: this.appId,
      BOTFRAMEWORK_APP_PASSWORD: this.password,
      BOTFRAMEWORK_LOGIN_URL: this.loginUrl,
      BOTFRAMEWORK_OPENID_METADATA_URL: this.openIdMetadataUrl,
      BOTFRAMEWORK_LOGIN_CA_FILE: FAKE_LOGIN_CA_FILE,
      ...extra,
    };
  }

  /** A customer in a 1:1 chat on `channelId` ("msteams", "webchat", "directline"...). */
  customer(channelId: string, name: string, locale: string): Customer {
    const userId = channelId === 'msteams' ? `29:${randomUUID()}` : randomUUID();
    const conversationId = channelId === 'msteams' ? `a:${randomUUID()}` : randomUUID();
    return { channelId, conversationId, userId, name, locale };
  }

  /** A message activity from `customer`, as the channel builds it. */
  message(customer: Customer, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type: 'message',
      id: `in-${this.nextId++}`,
      timestamp: new Date().toISOString(),
      channelId: customer.channelId,
      serviceUrl: this.serviceUrl,
      from: { id: customer.userId, name: customer.name, aadObjectId: `aad-${customer.userId}` },
      recipient: { id: `28:${this.appId}`, name: 'hamdel' },
      conversation: { id: customer.conversationId, conversationType: 'personal', tenantId: FAKE_TENANT_ID },
      locale: customer.locale,
      text,
      textFormat: 'plain',
      ...(customer.channelId === 'msteams'
        ? { attachments: [{ contentType: 'text/html', content: `<p>${text}</p>` }] }
        : {}),
      channelData: customer.channelId === 'msteams' ? { tenant: { id: FAKE_TENANT_ID } } : {},
      ...extra,
    };
  }

  /** A token the channel would put on a request to the bot (or a broken one). */
  channelToken(kind: TokenKind, serviceUrl = this.serviceUrl): string | undefined {
    if (kind === 'none') return undefined;
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: CONNECTOR_ISSUER,
      aud: kind === 'wrong-audience' ? '99999999-9999-4999-8999-999999999999' : this.appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: kind === 'expired' ? now - 3600 : now + 3600,
    };
    const key = kind === 'forged' ? this.otherKey.privateKey : this.channelKey.privateKey;
    return signJwt(payload, key, KEY_ID);
  }

  /** Posts an activity to the bot's messaging endpoint as the channel would. */
  async send(
    botUrl: string,
    activity: Record<string, unknown>,
    token: TokenKind = 'good',
  ): Promise<Response> {
    const bearer = this.channelToken(token, String(activity.serviceUrl ?? this.serviceUrl));
    return fetch(`${botUrl}/api/botframework`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(activity),
    });
  }

  /**
   * The next call (a send or an update, to any conversation) answers `status` with `headers` instead, as a
   * throttling (429 with Retry-After) or failing (503) Connector does; several calls queue in order.
   */
  failNext(status: number, headers: Record<string, string> = {}): void {
    this.failures.push({ status, headers });
  }

  /** Every call to this conversation answers 403, as when the user blocked or removed the bot. */
  block(conversationId: string): void {
    this.blocked.add(conversationId);
  }

  /** Successful calls to one conversation. */
  to(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId && c.status < 300);
  }

  /** The text an activity shows now (after updates). */
  textOf(activityId: string): string | undefined {
    return this.texts.get(activityId);
  }

  /** Polls the recorded calls until one matches, or fails at the deadline. */
  async waitFor(
    match: (call: ConnectorCall) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<ConnectorCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.calls.map(
          (c) => `${c.method} ${String(c.activity.type)} ${String(c.activity.text ?? '')}`,
        );
        throw new Error(`timed out waiting for ${what}; the bot sent:\n${seen.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    this.api.closeAllConnections();
    this.login.closeAllConnections();
    await Promise.all([
      new Promise<void>((resolve) => this.api.close(() => resolve())),
      new Promise<void>((resolve) => this.login.close(() => resolve())),
    ]);
  }

  private async serveApi(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.serviceUrl);
    if (request.method === 'GET' && url.pathname === '/v1/.well-known/openidconfiguration') {
      return json(response, 200, {
        issuer: CONNECTOR_ISSUER,
        authorization_endpoint: `${this.serviceUrl}v1/authorize`,
        jwks_uri: `${this.serviceUrl}v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (request.method === 'GET' && url.pathname === '/v1/.well-known/keys') {
      const jwk = this.channelKey.publicKey.export({ format: 'jwk' });
      const key = { kty: 'RSA', use: 'sig', kid: KEY_ID, n: jwk.n, e: jwk.e };
      return json(response, 200, { keys: [{ ...key, endorsements: ['msteams', 'webchat', 'directline'] }] });
    }
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match?.[1] || (request.method !== 'POST' && request.method !== 'PUT')) {
      return json(response, 404, {
        error: { code: 'NotFound', message: `${request.method} ${url.pathname}` },
      });
    }
    const conversationId = decodeURIComponent(match[1]);
    const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const activity = JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>;
    const method: ConnectorCall['method'] = request.method === 'PUT' ? 'PUT' : 'POST';
    const base = { method, conversationId, ...(activityId ? { activityId } : {}), activity };
    if (!this.botTokenValid(request.headers.authorization)) {
      this.calls.push({ ...base, status: 401 });
      return json(response, 401, { error: { code: 'Unauthorized', message: 'bad or missing token' } });
    }
    const failure = this.failures.shift();
    if (failure) {
      this.calls.push({ ...base, status: failure.status });
      response.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      response.end(
        JSON.stringify({ error: { code: 'ServiceError', message: `answered ${failure.status}` } }),
      );
      return;
    }
    if (this.blocked.has(conversationId)) {
      this.calls.push({ ...base, status: 403 });
      return json(response, 403, { error: { code: 'BotDisabledByAdmin', message: 'The bot is blocked' } });
    }
    if (method === 'PUT') {
      if (!activityId || !this.texts.has(activityId)) {
        this.calls.push({ ...base, status: 404 });
        return json(response, 404, { error: { code: 'ActivityNotFound', message: 'no such activity' } });
      }
      this.texts.set(activityId, String(activity.text ?? ''));
      this.calls.push({ ...base, status: 200, id: activityId });
      return json(response, 200, { id: activityId });
    }
    const id = `out-${this.nextId++}`;
    if (activity.type === 'message') this.texts.set(id, String(activity.text ?? ''));
    this.calls.push({ ...base, status: 201, id });
    return json(response, 201, { id });
  }

  /**
   * A certificate credential: a JWT signed with the app's certificate (the test certificate in tls/, which
   * the bot is given with BOTFRAMEWORK_CERT_THUMBPRINT and BOTFRAMEWORK_CERT_KEY_FILE), for this token endpoint.
   */
  private assertionValid(form: URLSearchParams, tenant: string): boolean {
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return false;
    const assertion = form.get('client_assertion') ?? '';
    const certificate = new X509Certificate(readFileSync(FAKE_LOGIN_CA_FILE));
    const claims = verifyJwt(assertion, certificate.publicKey);
    const header = JSON.parse(
      Buffer.from(assertion.split('.')[0] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const thumbprint = Buffer.from(certificate.fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
    return (
      claims?.iss === this.appId &&
      claims.sub === this.appId &&
      claims.aud === `${this.loginUrl}/${tenant}/oauth2/v2.0/token` &&
      header.x5t === thumbprint
    );
  }

  /** A bearer token the login service issued to this bot for the Bot Connector. */
  private botTokenValid(header: string | undefined): boolean {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    const claims = token ? verifyJwt(token, this.loginKey.publicKey) : undefined;
    return claims?.aud === CONNECTOR_ISSUER && claims.appid === this.appId;
  }

  private async serveLogin(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.loginUrl);
    const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (request.method === 'GET' && metadata?.[1]) {
      const tenant = metadata[1];
      return json(response, 200, {
        issuer: `${this.loginUrl}/${tenant}/v2.0`,
        authorization_endpoint: `${this.loginUrl}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${this.loginUrl}/${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${this.loginUrl}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${this.loginUrl}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
      });
    }
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (request.method === 'POST' && tokenPath?.[1]) {
      const form = new URLSearchParams(await readBody(request));
      const clientId = form.get('client_id') ?? '';
      const accepted =
        clientId === this.appId &&
        (form.get('client_secret') === this.password || this.assertionValid(form, tokenPath[1])) &&
        form.get('grant_type') === 'client_credentials' &&
        form.get('scope')?.split(' ').includes(`${CONNECTOR_ISSUER}/.default`) === true;
      this.tokenRequests.push({ tenant: tokenPath[1], clientId, accepted });
      if (!accepted) {
        return json(response, 401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret.',
        });
      }
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        aud: CONNECTOR_ISSUER,
        appid: clientId,
        tid: tokenPath[1],
        iat: now,
        nbf: now,
        exp: now + 3600,
      };
      return json(response, 200, {
        token_type: 'Bearer',
        expires_in: 3600,
        ext_expires_in: 3600,
        access_token: signJwt(claims, this.loginKey.privateKey, 'fake-login-key'),
      });
    }
    return json(response, 404, {
      error: 'not_found',
      error_description: `${request.method} ${url.pathname}`,
    });
  }
}
