import { describe, expect, it } from 'vitest';
import { channelWord, WORDS } from '../../../web/supervisor/words.ts';

describe("the dashboard's channel names", () => {
  it('names Teams conversations (channel botframework) in every language, and leaves an integrator’s own as it is', () => {
    const key = channelWord('botframework');
    expect(key).toBe('chan_botframework');
    expect(key && WORDS.fa[key]).toBe('مایکروسافت تیمز');
    expect(key && WORDS.ar[key]).toBe('مايكروسوفت تيمز');
    expect(key && WORDS.en[key]).toBe('Microsoft Teams');
    expect(channelWord('crm')).toBeUndefined();
    for (const channel of ['web', 'http', 'telegram', 'slack']) expect(channelWord(channel)).toBeDefined();
  });
});
