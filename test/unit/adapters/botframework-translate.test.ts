import { describe, expect, it } from 'vitest';
import { LRI, PDI, RLM } from '../../../src/language/bidi.ts';
import {
  escapeMarkdown,
  markdownOf,
  messageActivity,
} from '../../../src/adapters/botframework/botframework-render.ts';
import {
  botConversationId,
  canUpdate,
  customerInput,
  readActivity,
  toInboundMessage,
} from '../../../src/adapters/botframework/botframework-translate.ts';

const activity = (extra: Record<string, unknown> = {}) => ({
  type: 'message',
  id: '1700000000000',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversation: { id: 'a:1xYz', conversationType: 'personal' },
  from: { id: '29:1abc', name: 'ليلى', aadObjectId: '6f1c0f4e-0000-4000-8000-000000000001' },
  recipient: { id: '28:bot', name: 'hamdel' },
  locale: 'ar-SA',
  timestamp: '2026-11-23T08:00:00.000Z',
  text: 'مرحبا',
  ...extra,
});

const fieldsOf = (value: unknown) => {
  const read = readActivity(value);
  if ('problem' in read) throw new Error(read.problem);
  return read.fields;
};

describe('Bot Framework activities in', () => {
  it('say what is missing from something that is not an activity', () => {
    expect(readActivity({ type: 'message' })).toMatchObject({
      problem: expect.stringContaining('channelId'),
    });
    const { conversation: _c, ...rest } = activity();
    expect(readActivity(rest)).toMatchObject({ problem: expect.stringContaining('conversation') });
  });

  it('become one InboundMessage with the activity kept whole', () => {
    const raw = activity();
    const message = toInboundMessage(raw, fieldsOf(raw), 'مرحبا', 0);
    expect(message).toEqual({
      direction: 'in',
      channel: 'botframework',
      conversationId: botConversationId('msteams', 'a:1xYz'),
      customer: { id: 'msteams:6f1c0f4e-0000-4000-8000-000000000001', displayName: 'ليلى' },
      text: 'مرحبا',
      languagePreference: 'ar',
      sentAt: Date.UTC(2026, 10, 23, 8, 0),
      platformMessageId: 'a1700000000000',
      raw,
    });
  });

  it('give one conversation id per channel and conversation, safe in Redis keys', () => {
    const id = botConversationId('msteams', 'a:1xYz');
    expect(id).toMatch(/^bf-[\w-]{24}$/);
    expect(botConversationId('msteams', 'a:1xYz')).toBe(id);
    expect(botConversationId('webchat', 'a:1xYz')).not.toBe(id);
    expect(botConversationId('msteams', '{weird} id')).toMatch(/^bf-[\w-]{24}$/);
  });

  it("read the customer's words: a mention taken out, Teams' HTML copy not a file, a card's choice", () => {
    expect(customerInput(fieldsOf(activity({ text: '<at>hamdel</at> سلام' })))).toEqual({
      kind: 'text',
      text: 'سلام',
    });
    const html = { attachments: [{ contentType: 'text/html', content: '<p>سلام</p>' }] };
    expect(customerInput(fieldsOf(activity({ text: 'سلام', ...html })))).toEqual({
      kind: 'text',
      text: 'سلام',
    });
    const file = { attachments: [{ contentType: 'image/png', name: 'box.png' }] };
    expect(customerInput(fieldsOf(activity({ text: 'مكسور', ...file })))).toEqual({
      kind: 'attachment',
      text: '[file: box.png] مكسور',
      attachments: [{ kind: 'image/png', fileName: 'box.png' }],
    });
    const tapped = activity({ text: undefined, value: { choice: '#rate:4' } });
    expect(customerInput(fieldsOf(tapped))).toEqual({ kind: 'text', text: '#rate:4' });
    expect(customerInput(fieldsOf(activity({ type: 'conversationUpdate' })))).toMatchObject({
      kind: 'ignored',
    });
    expect(customerInput(fieldsOf(activity({ text: '  ' })))).toMatchObject({ kind: 'ignored' });
  });

  it('know where a sent message can be replaced', () => {
    expect(canUpdate('msteams')).toBe(true);
    expect(canUpdate('webchat')).toBe(false);
    expect(canUpdate('directline')).toBe(false);
  });
});

describe('Bot Framework activities out', () => {
  it('escape Markdown and HTML a customer or an agent typed', () => {
    expect(escapeMarkdown('2*3 = [x] <b> & _y_')).toBe('2\\*3 = \\[x\\] &lt;b&gt; &amp; \\_y\\_');
  });

  it('isolate left-to-right runs in Arabic and Persian lines, and mark a line that starts the wrong way', () => {
    expect(markdownOf('رقم الطلب AB-123 جاهز', 'ar')).toBe(`رقم الطلب ${LRI}AB-123${PDI} جاهز`);
    expect(markdownOf('**مهم:** iPhone 15 آماده است', 'fa')).toBe(`**مهم:** ${LRI}iPhone 15${PDI} آماده است`);
    expect(markdownOf('Amal از تیم پشتیبانی پیوست.', 'fa')).toBe(
      `${RLM}${LRI}Amal${PDI} از تیم پشتیبانی پیوست.`,
    );
    expect(markdownOf('- یک\n- دو', 'fa')).toBe('• یک\n\n• دو');
  });

  it('carry choices as a right-to-left card in Teams and as suggested actions elsewhere', () => {
    const choices = [{ label: '٥', value: '#rate:5' }];
    const teams = messageActivity('msteams', 'سؤال', 'ar', choices);
    expect(teams).toMatchObject({ type: 'message', textFormat: 'markdown', locale: 'ar' });
    expect(teams.attachments).toEqual([
      expect.objectContaining({
        content: expect.objectContaining({
          rtl: true,
          actions: [
            {
              type: 'Action.Submit',
              title: '٥',
              data: {
                msteams: { type: 'messageBack', displayText: '٥', text: '#rate:5' },
                choice: '#rate:5',
              },
            },
          ],
        }),
      }),
    ]);
    expect(messageActivity('webchat', 'سؤال', 'ar', choices).suggestedActions).toEqual({
      actions: [{ type: 'imBack', title: '٥', value: '٥' }],
    });
    expect(messageActivity('msteams', 'question', 'en', choices).attachments).toEqual([
      expect.objectContaining({ content: expect.objectContaining({ rtl: false }) }),
    ]);
  });
});
