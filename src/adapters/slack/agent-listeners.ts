import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { isHamdelError } from '../../core/errors.ts';
import { isActive, type Agent } from '../../agents/agent.ts';
import { servesChats } from '../../agents/agent-role.ts';
import type { AgentStore } from '../../agents/agent-store.ts';
import type { RedisPresence } from '../../agents/presence.ts';
import type { HandoffService } from '../../handoff/handoff-service.ts';
import type { SlackAgentLinks } from './agent-links.ts';
import type { EscalationBoard } from './escalation-board.ts';
import type { SlackPresenceKeeper } from './presence-keeper.ts';
import { isPersonMessage, type SlackBlockActions, type SlackMessageEvent } from './slack-events.ts';
import { ACTION } from './slack-ids.ts';
import type { SlackState } from './slack-state.ts';
import { plainFromSlack } from './slack-text.ts';

export interface AgentListenerOptions {
  /** SLACK_AGENT_CHANNEL. */
  readonly channel: string;
  readonly service: HandoffService;
  readonly agents: AgentStore;
  readonly links: SlackAgentLinks;
  readonly presence: RedisPresence;
  readonly keeper: SlackPresenceKeeper;
  readonly state: SlackState;
  readonly board: EscalationBoard;
  readonly log: Logger;
}

const DEACTIVATED =
  'Your hamdel agent account is deactivated, so you cannot take or answer chats. An admin can reactivate it.';

const NOT_LINKED =
  'Your Slack account is not linked to a hamdel agent, so you cannot take or answer chats here. ' +
  'An admin can link it: `npx tsx src/adapters/slack/slack-link-cli.ts link <your Slack user id> <agent id>`.';

/**
 * The agents' channel, inbound: Take, Resolve and Release buttons and replies in an escalation's thread,
 * done as the hamdel agent linked to the Slack user, with the same rules as the console. Whatever cannot
 * be done is explained to that user alone (an ephemeral message).
 */
export function registerAgentListeners(app: App, o: AgentListenerOptions): void {
  const agentOf = async (slackUser: string): Promise<Agent | undefined> => {
    const agentId = await o.links.agentOf(slackUser);
    const agent = agentId ? await o.agents.get(agentId) : undefined;
    // An editor serves no chats, on Slack as in the console: such a link counts as none.
    return agent && servesChats(agent.role) ? agent : undefined;
  };
  const tell = (client: App['client'], user: string, text: string, threadTs?: string) =>
    client.chat
      .postEphemeral({ channel: o.channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) })
      .then(() => undefined)
      .catch((error: unknown) => o.log.warn({ err: error }, 'Slack: ephemeral message failed'));
  /**
   * Does something to a chat as the agent; the service refuses (NOT_CHAT_HOLDER) unless they hold it or are
   * an admin, and the refusal is explained to that Slack user alone. True when it was done.
   */
  const onChat = async (refused: () => Promise<void>, action: () => Promise<unknown>): Promise<boolean> => {
    try {
      await action();
      return true;
    } catch (error) {
      if (!isHamdelError(error, 'NOT_CHAT_HOLDER')) throw error;
      await refused();
      return false;
    }
  };

  app.action(ACTION.take, async ({ ack, body, client }) => {
    await ack();
    const payload = body as unknown as SlackBlockActions;
    const conversationId = payload.actions[0]?.value;
    if (!conversationId) return;
    const agent = await agentOf(payload.user.id);
    if (!agent) return tell(client, payload.user.id, NOT_LINKED);
    if (!isActive(agent)) return tell(client, payload.user.id, DEACTIVATED);
    await o.keeper.touch(agent.id);
    if ((await o.presence.get(agent.id)).status !== 'online') {
      return tell(
        client,
        payload.user.id,
        'You are set to Away in the console: switch to Online to take chats.',
      );
    }
    const result = await o.service.takeTicket(agent, conversationId);
    switch (result.kind) {
      case 'taken':
        return o.board.sync(conversationId);
      case 'held': {
        if (result.agentId === agent.id) return tell(client, payload.user.id, 'You already have this chat.');
        const holder = (await o.agents.get(result.agentId))?.name ?? result.agentId;
        return tell(client, payload.user.id, `${holder} took this chat first.`);
      }
      case 'at-capacity':
        return tell(
          client,
          payload.user.id,
          `You already have ${result.capacity} chats: resolve or release one first.`,
        );
      case 'cannot-serve':
        return tell(
          client,
          payload.user.id,
          'This chat needs a language, team or skill your agent account does not have.',
        );
      case 'gone':
        return tell(client, payload.user.id, 'This customer is no longer waiting.');
    }
  });

  for (const [actionId, verb] of [
    [ACTION.resolve, 'resolve'],
    [ACTION.release, 'release'],
  ] as const) {
    app.action(actionId, async ({ ack, body, client }) => {
      await ack();
      const payload = body as unknown as SlackBlockActions;
      const conversationId = payload.actions[0]?.value;
      const threadTs = payload.message?.thread_ts ?? payload.container?.thread_ts;
      if (!conversationId) return;
      const agent = await agentOf(payload.user.id);
      if (!agent) return tell(client, payload.user.id, NOT_LINKED, threadTs);
      if (!isActive(agent)) return tell(client, payload.user.id, DEACTIVATED, threadTs);
      const refused = () =>
        tell(client, payload.user.id, `Only the agent who has this chat can ${verb} it.`, threadTs);
      const done = await onChat(refused, () =>
        verb === 'resolve'
          ? o.service.resolve(agent, conversationId)
          : o.service.release(agent, conversationId),
      );
      if (done) await o.keeper.touch(agent.id);
    });
  }

  app.event('message', async ({ event, client }) => {
    const message = event as unknown as SlackMessageEvent;
    if (message.channel !== o.channel || !message.thread_ts || !isPersonMessage(message)) return;
    const conversationId = await o.state.conversationOfThread(message.channel, message.thread_ts);
    if (!conversationId) return;
    const agent = await agentOf(message.user);
    if (!agent) return tell(client, message.user, NOT_LINKED, message.thread_ts);
    if (!isActive(agent)) return tell(client, message.user, DEACTIVATED, message.thread_ts);
    const text = plainFromSlack(message.text ?? '').trim();
    if (text === '') return;
    const refused = () =>
      tell(
        client,
        message.user,
        'This did not reach the customer: press Take on the escalation first (or it is with someone else).',
        message.thread_ts,
      );
    const done = await onChat(refused, () =>
      o.service.say(agent, conversationId, text, `slack:${message.ts}`),
    );
    if (done) await o.keeper.touch(agent.id);
  });
}
