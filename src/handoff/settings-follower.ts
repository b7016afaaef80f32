import { SETTINGS_CHANNEL, type ConversationEvents } from '../conversations/conversation-events.ts';

/** What following settings needs of the events (a library user may pass a narrower object). */
export type SettingsEvents = Pick<ConversationEvents, 'publish' | 'subscribe' | 'onResume'>;

/**
 * Settings an admin edits at run time, kept in Redis and read by every process: `load` reads them now, and
 * again whenever any process announces a change on SETTINGS_CHANNEL or the events connection comes back
 * after a break (a change announced meanwhile was missed). Returns what stops following.
 */
export async function followSettings(
  events: SettingsEvents,
  load: () => Promise<void>,
  onError?: (error: unknown) => void,
): Promise<() => Promise<void>> {
  const reload = () => void load().catch((error: unknown) => onError?.(error));
  const unsubscribe = await events.subscribe(SETTINGS_CHANNEL, (event) => {
    if (event.type === 'settings-changed') reload();
  });
  const stopResume = events.onResume?.(reload);
  await load();
  return async () => {
    stopResume?.();
    await unsubscribe().catch(() => undefined);
  };
}

/** Tells every process that settings changed (each reads them again). */
export async function announceSettingsChanged(events: SettingsEvents): Promise<void> {
  await events.publish(SETTINGS_CHANNEL, { type: 'settings-changed' });
}
