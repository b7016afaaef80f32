/**
 * The one file that knows the Bot Framework SDK (botbuilder's CloudAdapter, botframework-connector's JWT
 * validation and MSAL for the bot's own tokens). Everything else in the channel speaks the Activity protocol
 * as plain JSON. botbuilder is archived (support ended December 2025); its successor, @microsoft/agents-hosting,
 * speaks the same protocol, so moving over means rewriting this file only (docs/teams.md).
 */
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import type { Activity, ConversationReference } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  MsalServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
} from 'botframework-connector';
import { HamdelError } from '../../core/errors.ts';
import { loginNetwork } from './login-network.ts';

/** Microsoft's public login service (Entra ID), where the bot gets its tokens for the Bot Connector. */
export const PUBLIC_LOGIN_URL = 'https://login.microsoftonline.com';
/** Where the Bot Connector's signing keys are published (inbound tokens are checked against them). */
export const PUBLIC_OPENID_METADATA_URL = AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;

export interface BotSdkSettings {
  /** The bot's Microsoft App ID (its Entra ID app registration). */
  readonly appId: string;
  /** MultiTenant: tokens from the botframework.com tenant; SingleTenant: from the bot's own tenant. */
  readonly appType: 'MultiTenant' | 'SingleTenant';
  readonly tenantId?: string;
  /** A client secret, or else a certificate (thumbprint and PEM private key). */
  readonly password?: string;
  readonly certificate?: { readonly thumbprint: string; readonly privateKey: string };
  /** The login service's base URL, without a tenant (PUBLIC_LOGIN_URL). */
  readonly loginUrl: string;
  /** The OpenID metadata document of the Bot Connector's signing keys (PUBLIC_OPENID_METADATA_URL). */
  readonly openIdMetadataUrl: string;
  /** Certificate authorities (PEM) trusted beside the system's when talking to `loginUrl`. */
  readonly loginCa?: string;
}

/** An activity as JSON (the Bot Framework's Activity schema). */
export type ActivityJson = Record<string, unknown>;
/** Where to reach a conversation again, as JSON (the SDK's ConversationReference). */
export type ConversationReferenceJson = Record<string, unknown>;

/** What a proactive turn can do in the conversation. */
export interface BotConversation {
  /** Sends an activity; resolves with the id the channel gave it (when it gives one). */
  send(activity: ActivityJson): Promise<string | undefined>;
  /** Replaces an activity sent before (Teams allows it; Web Chat and Direct Line do not). */
  update(activity: ActivityJson & { readonly id: string }): Promise<void>;
}

/** A request whose token the SDK accepted. */
export interface Authenticated {
  readonly result: AuthenticateRequestResult;
}

/** The tenant whose login service issues the bot's tokens. */
export function tokenTenant(settings: Pick<BotSdkSettings, 'appType' | 'tenantId'>): string {
  return settings.appType === 'SingleTenant' && settings.tenantId
    ? settings.tenantId
    : AuthenticationConstants.DefaultChannelAuthTenant;
}

type MsalClient = ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1];

class ExposedCloudAdapter extends CloudAdapter {
  run(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

/** The Bot Framework as the channel uses it: check a request, run it, reach a conversation again. */
export class BotSdk {
  private readonly auth: ConfigurationBotFrameworkAuthentication;
  private readonly adapter: ExposedCloudAdapter;

  constructor(private readonly settings: BotSdkSettings) {
    const loginEndpoint = `${settings.loginUrl.replace(/\/+$/, '')}/${tokenTenant(settings)}`;
    const publicLogin = new URL(settings.loginUrl).host === new URL(PUBLIC_LOGIN_URL).host;
    const msal: Configuration = {
      auth: {
        clientId: settings.appId,
        authority: loginEndpoint,
        ...(settings.certificate
          ? { clientCertificate: msalCertificate(settings.certificate) }
          : { clientSecret: settings.password ?? '' }),
        // Another login service than Microsoft's is trusted as it is (no instance discovery on the internet).
        ...(publicLogin ? {} : { knownAuthorities: [new URL(settings.loginUrl).host] }),
      },
      ...(settings.loginCa ? { system: { networkClient: loginNetwork(settings.loginCa) } } : {}),
    };
    const credentials = new MsalServiceClientCredentialsFactory(
      settings.appId,
      // The same class; its ESM and CommonJS declarations differ only for the type checker.
      new ConfidentialClientApplication(msal) as unknown as MsalClient,
    );
    this.auth = new ConfigurationBotFrameworkAuthentication(
      {
        MicrosoftAppId: settings.appId,
        MicrosoftAppTenantId: settings.tenantId ?? '',
        ToChannelFromBotLoginUrl: loginEndpoint,
        ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
        ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
        ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
        OAuthUrl: AuthenticationConstants.OAuthUrl,
        CallerId: 'urn:botframework:azure',
        ValidateAuthority: publicLogin,
      },
      credentials,
    );
    this.adapter = new ExposedCloudAdapter(this.auth);
  }

  /**
   * Checks the request's token with the SDK (signature against the published keys, issuer, audience = the
   * bot's app id, the service URL claim, endorsements for the channel). A missing or bad token throws
   * UNAUTHORIZED with the SDK's reason; the keys out of reach throw as they are.
   */
  async authenticate(activity: ActivityJson, authorization: string): Promise<Authenticated> {
    if (!authorization.trim()) throw new HamdelError('UNAUTHORIZED', 'No Authorization header.');
    try {
      return {
        result: await this.auth.authenticateRequest(activity as Partial<Activity> as Activity, authorization),
      };
    } catch (error) {
      const refused =
        (error instanceof AuthenticationError && error.statusCode === 401) ||
        (error instanceof Error && /^(JsonWebTokenError|TokenExpiredError|NotBeforeError)$/.test(error.name));
      if (!refused) throw error;
      throw new HamdelError('UNAUTHORIZED', error.message);
    }
  }

  /** Runs an authenticated activity through the SDK; `handle` gets it with the way back to its conversation. */
  async process(
    authenticated: Authenticated,
    activity: ActivityJson,
    handle: (activity: ActivityJson, reference: ConversationReferenceJson) => Promise<void>,
  ): Promise<void> {
    await this.adapter.run(
      authenticated.result,
      activity as Partial<Activity> as Activity,
      async (context) => {
        const reference = TurnContext.getConversationReference(context.activity);
        await handle(
          context.activity as unknown as ActivityJson,
          reference as unknown as ConversationReferenceJson,
        );
      },
    );
  }

  /** Reaches a conversation from any process, with the bot's own token (continueConversationAsync). */
  async continueConversation(
    reference: ConversationReferenceJson,
    work: (conversation: BotConversation) => Promise<void>,
  ): Promise<void> {
    const ref = reference as Partial<ConversationReference>;
    await this.adapter.continueConversationAsync(this.settings.appId, ref, async (context) => {
      await work({
        send: async (activity) => (await context.sendActivity(activity as Partial<Activity>))?.id,
        update: async (activity) => {
          await context.updateActivity(activity as Partial<Activity>);
        },
      });
    });
  }
}

/** MSAL's certificate: a SHA-256 thumbprint (64 hex digits) goes in its own field, a SHA-1 one in `thumbprint`. */
function msalCertificate(certificate: { readonly thumbprint: string; readonly privateKey: string }) {
  const thumbprint = certificate.thumbprint.replace(/:/g, '').toUpperCase();
  return thumbprint.length === 64
    ? { thumbprintSha256: thumbprint, privateKey: certificate.privateKey }
    : { thumbprint, privateKey: certificate.privateKey };
}

/** The HTTP status a connector call failed with (403: the user blocked the bot or left), if it says one. */
export function connectorStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
