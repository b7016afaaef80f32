import { createHash } from 'node:crypto';
import type { InboundMessage } from '../core/message.ts';

/**
 * A turn's id: the same for every delivery of one platform message, so a repeated delivery and a turn taken
 * over from a dead process are recognised as the turn they repeat.
 */
export function turnIdOf(message: Pick<InboundMessage, 'channel' | 'platformMessageId'>): string {
  return createHash('sha1').update(`${message.channel}\u0000${message.platformMessageId}`).digest('hex');
}
