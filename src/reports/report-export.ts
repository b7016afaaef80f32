/**
 * Report rows as CSV (RFC 4180: a header line, fields quoted when they hold a comma, quote or line break;
 * a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it) or as NDJSON (one JSON object a line).
 */
export type Row = Readonly<Record<string, string | number | boolean | null>>;

/** Nested figures as one flat row: `{wait: {medianMs: 1}}` becomes `{"wait.medianMs": 1}`. */
export function flatten(
  value: unknown,
  prefix = '',
  into: Record<string, string | number | boolean | null> = {},
) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into[prefix] = (value ?? null) as string | number | boolean | null;
  }
  return into;
}

function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: readonly Row[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function toNdjson(rows: readonly unknown[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}
