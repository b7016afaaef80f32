/**
 * The tag of a stylesheet written in browser code: cssText`...` is the CSS as written (String.raw), and
 * the build minifies it (src/server/css-templates.ts), so comments and indentation cost the page nothing.
 */
export function cssText(strings: TemplateStringsArray, ...parts: readonly unknown[]): string {
  return String.raw(strings, ...parts);
}
