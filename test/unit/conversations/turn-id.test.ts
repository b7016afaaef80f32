import { describe, expect, it } from 'vitest';
import { turnIdOf } from '../../../src/conversations/turn-id.ts';

describe('turnIdOf', () => {
  it('is the SHA-1 of channel and platform message id, as ids already stored in Redis were made', () => {
    // Turn ids outlive a release (turn records, remembered message ids): the value must never change.
    expect(turnIdOf({ channel: 'telegram', platformMessageId: '۱۲۳-پیام' })).toBe(
      '4fdd4abdd47ad831ce3ad8d4e7665113fd343938',
    );
    expect(turnIdOf({ channel: 'web', platformMessageId: 'a' })).not.toBe(
      turnIdOf({ channel: 'we', platformMessageId: 'ba' }),
    );
  });
});
