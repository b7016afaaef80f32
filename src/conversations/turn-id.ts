import * as crypto from 'node:crypto';
import type { InboundMessage } from '../core/message.ts';

/** Node's one-shot hash (20.12 and later): no Hash object per call. Older Node 20 releases use createHash. */
const oneShotHash = (crypto as { hash?: typeof crypto.hash }).hash;

/**
 * A turn's id: the same for every delivery of one platform message, so a repeated delivery and a turn taken
 * over from a dead process are recognised as the turn they repeat.
 */
export function turnIdOf(message: Pick<InboundMessage, 'channel' | 'platformMessageId'>): string {
  const text = `${message.channel}\u0000${message.platformMessageId}`;
  return oneShotHash ? oneShotHash('sha1', text) : crypto.createHash('sha1').update(text).digest('hex');
}
