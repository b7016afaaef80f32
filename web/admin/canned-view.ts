import type { UiLanguage } from '../shared/locale.ts';
import { api } from './api.ts';
import { attempt, type ViewContext } from './context.ts';
import { h, input, select } from '../shared/dom-builder.ts';

interface Reply {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

interface CannedResponse {
  readonly replies: Readonly<Record<UiLanguage, readonly Reply[]>>;
  readonly sources: Readonly<Record<UiLanguage, 'file' | 'admin'>>;
}

/** Canned replies of one language at a time: edit, add, remove, save (over the file), or back to the file. */
export async function renderCanned(
  root: HTMLElement,
  ctx: ViewContext,
  language = ctx.language,
): Promise<void> {
  const { t } = ctx;
  const { replies, sources } = await api<CannedResponse>('GET', '/api/admin/canned');
  const rerender = (lang: UiLanguage) => renderCanned(root, ctx, lang);
  const picker = select(
    'canned-language',
    (['fa', 'ar', 'en'] as const).map((l) => [l, t(`lang_${l}`)]),
    language,
  );
  picker.addEventListener('change', () => void attempt(ctx, () => rerender(picker.value as UiLanguage)));
  const list = h('ol', { class: 'canned' });
  const add = (reply: Reply) => {
    const text = h('textarea', {
      attrs: { name: 'text', dir: language === 'en' ? 'ltr' : 'rtl', rows: '3' },
    });
    text.value = reply.text;
    const item = h(
      'li',
      { class: 'card' },
      h(
        'div',
        { class: 'grid' },
        input('id', reply.id, { dir: 'ltr', 'aria-label': 'id' }),
        input('title', reply.title, { dir: 'auto', 'aria-label': t('col_title') }),
      ),
      text,
    );
    item.append(
      h('button', {
        class: 'danger',
        text: t('remove'),
        attrs: { type: 'button', name: 'remove' },
        on: { click: () => item.remove() },
      }),
    );
    list.append(item);
  };
  for (const reply of replies[language]) add(reply);
  const form = h(
    'form',
    { attrs: { name: 'canned', lang: language } },
    list,
    h('button', {
      text: t('add_reply'),
      attrs: { type: 'button', name: 'add' },
      on: { click: () => add({ id: '', title: '', text: '' }) },
    }),
    h('button', { text: t('save'), attrs: { type: 'submit' } }),
    sources[language] === 'admin'
      ? h('button', {
          class: 'danger',
          text: t('revert_canned'),
          attrs: { type: 'button', name: 'revert' },
          on: {
            click: () =>
              void attempt(ctx, async () => {
                await api('DELETE', `/api/admin/canned/${language}`);
                ctx.notify(t('saved'));
                await rerender(language);
              }),
          },
        })
      : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = [...list.children].map((item) => ({
      id: (item.querySelector('[name=id]') as HTMLInputElement).value.trim(),
      title: (item.querySelector('[name=title]') as HTMLInputElement).value.trim(),
      text: (item.querySelector('[name=text]') as HTMLTextAreaElement).value.trim(),
    }));
    void attempt(ctx, async () => {
      await api('PUT', `/api/admin/canned/${language}`, { replies: next });
      ctx.notify(t('saved'));
      await rerender(language);
    });
  });
  root.replaceChildren(
    h('p', { class: 'intro', text: t('canned_intro') }),
    h('label', { class: 'field' }, h('span', { text: t('language') }), picker),
    h('p', { class: 'muted', text: t(sources[language] === 'admin' ? 'source_admin' : 'source_file') }),
    form,
  );
}
