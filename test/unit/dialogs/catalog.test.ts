import { describe, expect, it } from 'vitest';
import { isHamdelError } from '../../../src/core/errors.ts';
import { MESSAGE_KEYS, MessageCatalog, PHRASE_KEYS } from '../../../src/dialogs/message-catalog.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';

describe('message catalog', () => {
  it('has every sentence in every language in content/messages', async () => {
    const catalog = await MessageCatalog.load(`${CONTENT_DIR}messages`);
    for (const language of ['fa', 'ar', 'en'] as const) {
      for (const key of MESSAGE_KEYS) expect(catalog.text(language, key).length).toBeGreaterThan(0);
    }
  });

  it('reports a missing sentence with its language and key', () => {
    const full = Object.fromEntries(MESSAGE_KEYS.map((k) => [k, 'x']));
    const phrases = Object.fromEntries(PHRASE_KEYS.map((k) => [k, ['x']]));
    let error: unknown;
    try {
      MessageCatalog.fromData({
        en: { ...full, ...phrases },
        fa: { ...full, ...phrases, greeting: undefined },
        ar: { ...full, ...phrases },
      });
    } catch (e) {
      error = e;
    }
    expect(isHamdelError(error, 'CATALOG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/fa\.yaml.*greeting/);
  });

  it('fills placeholders', () => {
    const full = Object.fromEntries(MESSAGE_KEYS.map((k) => [k, 'Hello {name}, {missing}']));
    const data = { ...full, ...Object.fromEntries(PHRASE_KEYS.map((k) => [k, ['x']])) };
    const catalog = MessageCatalog.fromData({ en: data, fa: data, ar: data });
    expect(catalog.text('en', 'greeting', { name: 'Sara' })).toBe('Hello Sara, {missing}');
  });
});
