/**
 * The "Sign out" button: ends the session (POST /api/agent/logout with a JSON body, as the agent routes
 * require), which also turns the agent offline, then goes to the login page.
 */
import { t } from './i18n.ts';
import { h } from '../../widget/dom.ts';

export function signOutButton(
  beforeLeaving: () => void,
  onError: (message: string) => void,
): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'sign-out' }, t('top.signOut'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const response = await fetch('/api/agent/logout', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      beforeLeaving();
      window.location.assign('/agent/login');
    } catch {
      button.disabled = false;
      onError(t('top.signOutFailed'));
    }
  });
  return button;
}
