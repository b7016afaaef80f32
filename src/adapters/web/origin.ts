/** Whether a page at `origin` may use the widget; requests without an Origin (not from a browser) pass. */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined || allowed.includes('*')) return true;
  return allowed.some((entry) => entry.replace(/\/$/, '').toLowerCase() === origin.toLowerCase());
}
