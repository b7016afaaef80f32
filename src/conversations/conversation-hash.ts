import { isLanguage } from '../core/language.ts';
import type { Conversation, ConversationPatch, ConversationState } from './conversation.ts';

const STATES: readonly ConversationState[] = ['bot', 'waiting', 'agent', 'closed'];

/** A conversation as the fields of its Redis hash. */
export function fromHash(hash: Record<string, string>): Conversation {
  const state = STATES.find((s) => s === hash.state) ?? 'bot';
  return {
    id: hash.id ?? '',
    channel: hash.channel ?? 'unknown',
    customerId: hash.customerId ?? '',
    state,
    createdAt: Number(hash.createdAt ?? 0),
    updatedAt: Number(hash.updatedAt ?? 0),
    greeted: hash.greeted === '1',
    failedAnswers: Number(hash.failedAnswers ?? 0),
    ...(isLanguage(hash.language) ? { language: hash.language } : {}),
    ...(hash.lastChoices ? { lastChoices: JSON.parse(hash.lastChoices) as Conversation['lastChoices'] } : {}),
    ...(hash.surveyFor ? { surveyFor: hash.surveyFor } : {}),
    ...(hash.mood ? { mood: JSON.parse(hash.mood) as Conversation['mood'] } : {}),
    ...(hash.handoffRequest
      ? { handoffRequest: JSON.parse(hash.handoffRequest) as Conversation['handoffRequest'] }
      : {}),
    ...(hash.lastQuestion
      ? { lastQuestion: JSON.parse(hash.lastQuestion) as Conversation['lastQuestion'] }
      : {}),
    ...(hash.helpfulAskedAt ? { helpfulAskedAt: Number(hash.helpfulAskedAt) } : {}),
    ...(hash.lastChannel ? { lastChannel: hash.lastChannel } : {}),
    ...(hash.lastAddress ? { lastAddress: hash.lastAddress } : {}),
  };
}

/** A patch as the hash fields to set and the ones to remove. */
export function patchFields(
  patch: ConversationPatch,
  now: number,
): { set: Record<string, string>; removed: string[] } {
  const set: Record<string, string> = { updatedAt: String(now) };
  const removed: string[] = [];
  if (patch.state !== undefined) set.state = patch.state;
  if (patch.language !== undefined) set.language = patch.language;
  if (patch.greeted !== undefined) set.greeted = patch.greeted ? '1' : '0';
  if (patch.failedAnswers !== undefined) set.failedAnswers = String(patch.failedAnswers);
  if (patch.helpfulAskedAt !== undefined) set.helpfulAskedAt = String(patch.helpfulAskedAt);
  if (patch.lastChannel !== undefined) set.lastChannel = patch.lastChannel;
  if (patch.lastAddress !== undefined) set.lastAddress = patch.lastAddress;
  type JsonField = 'lastChoices' | 'mood' | 'surveyFor' | 'handoffRequest' | 'lastQuestion';
  const json = (field: JsonField, value: unknown) => {
    if (!(field in patch)) return;
    if (value === undefined || (Array.isArray(value) && value.length === 0)) removed.push(field);
    else set[field] = typeof value === 'string' ? value : JSON.stringify(value);
  };
  json('lastChoices', patch.lastChoices);
  json('mood', patch.mood);
  json('surveyFor', patch.surveyFor);
  json('handoffRequest', patch.handoffRequest);
  json('lastQuestion', patch.lastQuestion);
  return { set, removed };
}

/** A flat [field, value, field, value...] reply (HGETALL inside a script) as an object. */
export function pairsToHash(pairs: readonly string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) hash[pairs[i] as string] = pairs[i + 1] as string;
  return hash;
}
