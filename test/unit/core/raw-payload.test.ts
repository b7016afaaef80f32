import { describe, expect, it } from 'vitest';
import { keepRawFields } from '../../../src/core/raw-payload.ts';

describe('keepRawFields', () => {
  it('keeps a Telegram photo message’s ids and file metadata, not the name, text or caption', () => {
    const update = {
      update_id: 10,
      message: {
        message_id: 3,
        date: 1700000000,
        text: undefined,
        caption: 'my passport',
        chat: { id: 42, type: 'private', first_name: 'Sara', username: 'sara_k' },
        from: { id: 42, is_bot: false, first_name: 'Sara', last_name: 'K', language_code: 'fa' },
        photo: [
          { file_id: 'p1', file_unique_id: 'u1', width: 90, height: 90, file_size: 1200 },
          { file_id: 'p2', file_unique_id: 'u2', width: 800, height: 800 },
        ],
      },
    };
    expect(keepRawFields('telegram', update)).toEqual({
      update_id: 10,
      message: {
        message_id: 3,
        date: 1700000000,
        chat: { id: 42, type: 'private' },
        from: { id: 42, language_code: 'fa' },
        photo: [
          { file_id: 'p1', file_unique_id: 'u1', width: 90, height: 90, file_size: 1200 },
          { file_id: 'p2', file_unique_id: 'u2', width: 800, height: 800 },
        ],
      },
    });
  });

  it('drops a shared location and contact entirely', () => {
    const update = {
      update_id: 11,
      message: {
        message_id: 4,
        chat: { id: 42, type: 'private' },
        location: { latitude: 35.7, longitude: 51.4 },
        contact: { phone_number: '+98 912 000 0000', first_name: 'Ali' },
      },
    };
    const kept = JSON.stringify(keepRawFields('telegram', update));
    expect(kept).not.toContain('35.7');
    expect(kept).not.toContain('912');
    expect(kept).toContain('"message_id":4');
  });

  it('keeps the widget frame’s id and type but not its text, and nothing for an unknown channel', () => {
    expect(keepRawFields('web', { type: 'say', clientMessageId: 'm1', text: 'سلام' })).toEqual({
      type: 'say',
      clientMessageId: 'm1',
    });
    expect(keepRawFields('my-crm', { anything: 'at all' })).toBeUndefined();
    expect(keepRawFields('web', 'not an object')).toBeUndefined();
  });

  it('keeps only scalars at the end of a path (no object slips through a listed name)', () => {
    const kept = keepRawFields('slack', {
      event_id: 'Ev1',
      event: {
        user: { id: 'U1', real_name: 'Sara' },
        files: [{ id: 'F1', name: 'a.pdf', url_private: 'x' }],
      },
    });
    expect(kept).toEqual({ event_id: 'Ev1', event: { files: [{ id: 'F1', name: 'a.pdf' }] } });
  });
});
