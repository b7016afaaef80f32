import type { ChannelAdapter, ChannelLog } from '../channel-adapter.ts';
import type { OutboundMessage } from '../../core/message.ts';
import type { Conversation } from '../../conversations/conversation.ts';
import {
  connectorStatus,
  type BotConversation,
  type BotSdk,
  type ConversationReferenceJson,
} from './bot-sdk.ts';
import { markdownOf, messageActivity, messageMarkdown } from './botframework-render.ts';
import type { BotFrameworkState } from './botframework-state.ts';
import { BOTFRAMEWORK_CHANNEL, canUpdate } from './botframework-translate.ts';

export interface BotFrameworkAdapterOptions {
  readonly sdk: BotSdk;
  readonly state: BotFrameworkState;
  readonly log: ChannelLog;
}

/**
 * Says what the bot, agents and the system write to customers on the Bot Framework's channels, from any
 * process: each send is a proactive turn on the conversation's stored reference with the bot's own token.
 * Markdown text, choices as buttons, the place in line as one message replaced in place where the channel
 * allows it (Teams) and sent anew elsewhere, and "typing…" while the bot works. A conversation the bot can no
 * longer reach (403: blocked, uninstalled; 404: gone) is logged and skipped, never a crash.
 */
export class BotFrameworkAdapter implements ChannelAdapter {
  readonly channel = BOTFRAMEWORK_CHANNEL;

  constructor(private readonly o: BotFrameworkAdapterOptions) {}

  async deliver(conversation: Conversation, messages: readonly OutboundMessage[]): Promise<void> {
    await this.reach(conversation.id, async (bot, channelId) => {
      for (const message of messages) {
        const choices = message.choices ?? [];
        const id = await bot.send(
          messageActivity(channelId, messageMarkdown(message), message.language, choices),
        );
        if (choices.length > 0) await this.o.state.rememberChoices(conversation.id, choices);
        if (isWaitNotice(message) && id) {
          await this.o.state.rememberWait(conversation.id, { activityId: id, choices });
        } else if (message.author.kind === 'agent' || message.author.kind === 'system') {
          await this.o.state.forgetWait(conversation.id); // the wait is over (or starts again with a new notice)
        }
      }
    });
  }

  async showWait(conversation: Conversation, wait: { position: number; text: string }): Promise<void> {
    const language = conversation.language ?? 'en';
    const current = await this.o.state.waitActivity(conversation.id);
    await this.reach(conversation.id, async (bot, channelId) => {
      const choices = current?.choices ?? [];
      const activity = messageActivity(channelId, markdownOf(wait.text, language), language, choices);
      if (current && canUpdate(channelId)) {
        try {
          await bot.update({ ...activity, id: current.activityId });
          return;
        } catch (error) {
          // Too old to edit, or deleted: a new message takes its place.
          this.o.log.info(
            { conversationId: conversation.id, status: connectorStatus(error) },
            'Bot Framework wait notice not replaced; sent anew',
          );
        }
      }
      const id = await bot.send(activity);
      if (id) await this.o.state.rememberWait(conversation.id, { activityId: id, choices });
    });
  }

  async showTyping(conversation: Conversation, on: boolean): Promise<void> {
    // "typing…" ends by itself after a few seconds or with the next message.
    if (!on) return;
    await this.reach(conversation.id, (bot) => bot.send({ type: 'typing' }).then(() => undefined));
  }

  /** Runs `work` in the conversation; a conversation that cannot be reached any more is logged and skipped. */
  private async reach(
    conversationId: string,
    work: (bot: BotConversation, channelId: string) => Promise<void>,
  ): Promise<void> {
    const reference = await this.o.state.reference(conversationId);
    if (!reference) {
      this.o.log.warn({ conversationId }, 'no Bot Framework conversation reference; nothing sent');
      return;
    }
    try {
      await this.o.sdk.continueConversation(reference, (bot) => work(bot, channelOf(reference)));
    } catch (error) {
      const status = connectorStatus(error);
      if (status !== 403 && status !== 404) throw error;
      await this.o.state.forgetWait(conversationId);
      this.o.log.warn(
        { conversationId, status },
        'Bot Framework conversation blocked the bot or is gone; nothing sent',
      );
    }
  }
}

function channelOf(reference: ConversationReferenceJson): string {
  return typeof reference.channelId === 'string' ? reference.channelId : '';
}

/** The customer's place in line (a handoff notice with the "leave the line" choice): replaced later. */
function isWaitNotice(message: OutboundMessage): boolean {
  return message.meta?.kind === 'handoff' && (message.choices?.length ?? 0) > 0;
}
