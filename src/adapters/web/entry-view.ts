import type { TranscriptEntry } from '../../conversations/conversation.ts';
import type { TranscriptEntryView } from './protocol.ts';

/** What the widget and the console are shown of a transcript entry (no internal metadata). */
export function toEntryView(entry: TranscriptEntry): TranscriptEntryView {
  return {
    id: entry.id,
    author: entry.author,
    text: entry.text,
    at: entry.at,
    ...(entry.language ? { language: entry.language } : {}),
    ...(entry.choices && entry.choices.length > 0 ? { choices: entry.choices } : {}),
    ...((entry.author.kind === 'customer' || entry.author.kind === 'agent') && entry.platformMessageId
      ? { clientMessageId: entry.platformMessageId }
      : {}),
    ...(entry.channel ? { channel: entry.channel } : {}),
  };
}

/** Stream ids ("<ms>-<seq>") in order. */
export function compareEntryIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
