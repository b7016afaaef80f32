import { App, SocketModeReceiver } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { RedisConnection } from '../../core/redis-script.ts';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import { HamdelError } from '../../core/errors.ts';
import type { ConversationEvents } from '../../conversations/conversation-events.ts';
import type { ConversationStore } from '../../conversations/conversation-store.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import type { HumanSide } from '../../server/human-side.ts';
import type { ChannelRegistry } from '../channel-adapter.ts';
import { SlackAgentLinks } from './agent-links.ts';
import { registerAgentListeners } from './agent-listeners.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerCustomerListeners } from './customer-listeners.ts';
import { EscalationBoard } from './escalation-board.ts';
import { dedupeEvents } from './event-dedupe.ts';
import { FastifyReceiver } from './fastify-receiver.ts';
import { SlackPresenceKeeper } from './presence-keeper.ts';
import { SlackChannel } from './slack-channel.ts';
import { SlackState } from './slack-state.ts';

export interface SlackSideOptions {
  readonly config: Config;
  readonly app: FastifyInstance;
  readonly redis: RedisConnection;
  readonly events: ConversationEvents;
  readonly store: ConversationStore;
  readonly turns: TurnQueue;
  readonly human: HumanSide;
  readonly channels: ChannelRegistry;
  readonly clock: Clock;
  readonly log: Logger;
}

export interface SlackSide {
  /** The Bolt app (its `client` is the Web API client with the bot token). */
  readonly bolt: App;
  readonly links: SlackAgentLinks;
  close(): Promise<void>;
}

/**
 * Slack, when SLACK_BOT_TOKEN is set: customers in direct messages with the app and, with
 * SLACK_AGENT_CHANNEL, agents working escalations in that channel. In "http" mode Slack posts to
 * /slack/events on hamdel's server (signatures verified); in "socket" mode Bolt connects out (development).
 * Call before the server listens.
 */
export async function startSlack(o: SlackSideOptions): Promise<SlackSide | undefined> {
  const { config, log } = o;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return undefined;
  const socket = config.SLACK_MODE === 'socket';
  if (!socket && !config.SLACK_SIGNING_SECRET) throw missing('SLACK_SIGNING_SECRET', 'SLACK_MODE=http');
  if (socket && !config.SLACK_APP_TOKEN) throw missing('SLACK_APP_TOKEN', 'SLACK_MODE=socket');

  const clientOptions = {
    slackApiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/`,
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  };
  const logger = boltLogger(log);
  // Socket Mode's receiver is built here (not by Bolt from `socketMode: true`) so that it too uses SLACK_API_URL.
  const receiver = socket
    ? new SocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN ?? '',
        logger,
        installerOptions: { clientOptions },
      })
    : new FastifyReceiver({ signingSecret: config.SLACK_SIGNING_SECRET ?? '' });
  const bolt = new App({ token, logger, clientOptions, receiver });
  bolt.error(async (error) => {
    log.error({ err: error }, 'Slack listener failed');
    throw error; // the receiver then answers an event 500, so that Slack delivers it again
  });
  if (receiver instanceof FastifyReceiver) await receiver.register(o.app);

  const state = new SlackState(o.redis, config.KEY_PREFIX);
  const links = new SlackAgentLinks(o.redis, config.KEY_PREFIX);
  bolt.use(dedupeEvents(state, log));
  o.channels.register(new SlackChannel({ client: bolt.client, state, log }));
  registerCustomerListeners(bolt, { turns: o.turns, state, clock: o.clock, log });

  let board: EscalationBoard | undefined;
  let keeper: SlackPresenceKeeper | undefined;
  const agentChannel = config.SLACK_AGENT_CHANNEL;
  if (agentChannel) {
    const { human } = o;
    board = new EscalationBoard({
      client: bolt.client,
      channel: agentChannel,
      queue: human.queue,
      events: o.events,
      store: o.store,
      agents: human.agents,
      state,
      redis: o.redis,
      leaseMs: config.SLACK_BOARD_LEASE_SECONDS * 1000,
      rescanMs: Math.max(100, Math.floor((config.SLACK_BOARD_LEASE_SECONDS * 1000 * 2) / 3)),
      log,
    });
    keeper = new SlackPresenceKeeper({
      links,
      queue: human.queue,
      presence: human.presence,
      state,
      onError: (error) => log.error({ err: error }, 'Slack: keeping agents present failed'),
    });
    registerAgentListeners(bolt, {
      channel: agentChannel,
      service: human.service,
      agents: human.agents,
      links,
      presence: human.presence,
      keeper,
      state,
      board,
      log,
    });
    await board.start();
    keeper.start();
  }
  if (socket) await bolt.start();
  log.info({ mode: config.SLACK_MODE, agentChannel: agentChannel ?? null }, 'Slack connected');

  return {
    bolt,
    links,
    async close() {
      keeper?.stop();
      await board?.stop();
      if (socket) await bolt.stop();
    },
  };
}

function missing(name: string, because: string): HamdelError {
  return new HamdelError('CONFIG_INVALID', `Invalid setting: ${name} is required with ${because}`, {
    variables: [name],
  });
}
