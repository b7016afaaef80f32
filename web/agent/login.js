/* global document, fetch, location, window */
// The agent sign-in page: posts {id, password} as JSON to /api/agent/login, then opens the console.
// Plain JavaScript (no build step): the lead serves web/agent/ as static files at /agent/.

/** Each message in English, Persian and Arabic. */
const MESSAGES = {
  AUTH_FAILED: ['Wrong id or password.', 'شناسه یا گذرواژه نادرست است.', 'المعرّف أو كلمة المرور غير صحيحة.'],
  AGENT_DEACTIVATED: [
    'This account is deactivated; an admin can reactivate it.',
    'این حساب غیرفعال شده است؛ مدیر می‌تواند دوباره فعالش کند.',
    'هذا الحساب معطّل؛ يمكن للمدير إعادة تفعيله.',
  ],
  LOGIN_RATE_LIMITED: [
    'Too many attempts: try again in {m} min.',
    'تلاش‌های زیاد: {m} دقیقه دیگر دوباره امتحان کنید.',
    'محاولات كثيرة: حاول مجددًا بعد {m} دقيقة.',
  ],
  MISSING: ['Enter your id and password.', 'شناسه و گذرواژه را وارد کنید.', 'أدخل المعرّف وكلمة المرور.'],
  OTHER: [
    'Could not sign in; try again.',
    'ورود ممکن نشد؛ دوباره امتحان کنید.',
    'تعذّر تسجيل الدخول؛ حاول مجددًا.',
  ],
};
const LANGS = ['en', 'fa', 'ar'];

/** Where to go after signing in: ?next=/agent/… /admin/… /supervisor/… or /editor/… when given (same site only), else the console. */
function destination() {
  const next = new URL(location.href).searchParams.get('next') ?? '';
  return /^\/(agent|admin|supervisor|editor)([/?#]|$)/.test(next) && !next.startsWith('//')
    ? next
    : '/agent/';
}

function showError(lines, minutes = 0) {
  const box = document.getElementById('error');
  box.replaceChildren(
    ...lines.map((line, i) => {
      const span = document.createElement('span');
      span.lang = LANGS[i];
      span.dir = 'auto';
      span.textContent = line.replaceAll('{m}', new Intl.NumberFormat(LANGS[i]).format(minutes)); // ۱۵ in Persian
      return span;
    }),
  );
  box.hidden = false;
}

async function signIn(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const id = form.elements.id.value.trim();
  const password = form.elements.password.value;
  if (id === '' || password === '') return showError(MESSAGES.MISSING);
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const response = await fetch('/api/agent/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, password }),
      credentials: 'same-origin',
    });
    if (response.ok) return location.assign(destination());
    const body = await response.json().catch(() => ({}));
    const minutes = Math.ceil(Number(response.headers.get('retry-after') ?? 60) / 60);
    showError(MESSAGES[body.code] ?? MESSAGES.OTHER, minutes);
    form.elements.password.value = '';
    form.elements.password.focus();
  } catch {
    showError(MESSAGES.OTHER);
  } finally {
    button.disabled = false;
  }
}

async function start() {
  const form = document.getElementById('login');
  form.addEventListener('submit', signIn);
  // The button stays disabled until this script runs, so a form can never be sent the plain way.
  form.querySelector('button').disabled = false;
  // Already signed in: straight to the console.
  const me = await fetch('/api/agent/me', { credentials: 'same-origin' }).catch(() => undefined);
  if (me?.ok) location.replace(destination());
}

if (document.readyState === 'loading') window.addEventListener('DOMContentLoaded', start);
else start();
