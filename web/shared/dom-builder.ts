/** A small element builder: no inline handlers (the content security policy forbids them). */
type Child = Node | string | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly on?: Readonly<Record<string, (event: Event) => void>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const [type, listener] of Object.entries(props.on ?? {})) element.addEventListener(type, listener);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** A labelled field: `<label><span>text</span>control</label>`. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  return h(
    'label',
    { class: 'field' },
    h('span', { text: label }),
    control,
    hint ? h('small', { text: hint }) : null,
  );
}

/** A text input (`dir="ltr"` for ids, times and names written in Latin letters). */
export function input(name: string, value = '', attrs: Record<string, string> = {}): HTMLInputElement {
  const element = h('input', { attrs: { name, ...attrs } });
  element.value = value;
  return element;
}

export function select(name: string, options: readonly [string, string][], value: string): HTMLSelectElement {
  const element = h(
    'select',
    { attrs: { name } },
    ...options.map(([v, label]) => h('option', { text: label, attrs: { value: v } })),
  );
  element.value = value;
  return element;
}

/** A table with a header row. */
export function table(headers: readonly string[], rows: readonly HTMLTableRowElement[]): HTMLTableElement {
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...headers.map((text) => h('th', { text })))),
    h('tbody', {}, ...rows),
  );
}
