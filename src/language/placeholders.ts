/**
 * Fills a template's `{name}` placeholders from `values`; a name without a value stays as written. The one
 * way the server's catalogs and phrase tables (messages, wait and time phrases, counted words) are filled.
 */
export function fillPlaceholders(
  template: string,
  values: Readonly<Record<string, string | number>>,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}
