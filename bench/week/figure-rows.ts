/**
 * The comparison itself: a report's value and the simulation's for every figure, side by side, as rows
 * (`figure`, `report`, `sim`, `agree`). Objects are compared leaf by leaf, under a path such as
 * `by channel / web / firstResponse.medianMs`; a figure one side has and the other lacks is a row that
 * does not agree.
 */
export interface Row {
  readonly figure: string;
  readonly report: string;
  readonly sim: string;
  readonly agree: boolean;
}

type Leaf = string | number | boolean | null | undefined;

function leaves(value: unknown, path: string, out: Map<string, Leaf>): Map<string, Leaf> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) leaves(inner, path ? `${path}.${key}` : key, out);
  } else {
    out.set(path, value as Leaf);
  }
  return out;
}

const shown = (value: Leaf | 'missing'): string =>
  value === 'missing' ? '(missing)' : value === undefined ? '-' : JSON.stringify(value);

export class FigureRows {
  readonly rows: Row[] = [];

  /** Every leaf of two values that should be equal (`report` as the API gave it, `sim` as computed). */
  compare(label: string, report: unknown, sim: unknown): void {
    const a = leaves(report, '', new Map());
    const b = leaves(sim, '', new Map());
    for (const path of new Set([...a.keys(), ...b.keys()])) {
      const r: Leaf | 'missing' = a.has(path) ? a.get(path) : 'missing';
      const s: Leaf | 'missing' = b.has(path) ? b.get(path) : 'missing';
      this.rows.push({
        figure: path ? `${label} ${path}` : label,
        report: shown(r),
        sim: shown(s),
        agree: r === s,
      });
    }
  }

  /** Groups by key on both sides: each group's figures, and any group only one side has. */
  compareGroups(
    label: string,
    report: ReadonlyMap<string, unknown>,
    sim: ReadonlyMap<string, unknown>,
  ): void {
    for (const key of [...new Set([...report.keys(), ...sim.keys()])].sort()) {
      this.compare(`${label} / ${key} /`, report.get(key) ?? 'missing', sim.get(key) ?? 'missing');
    }
  }

  get disagreements(): Row[] {
    return this.rows.filter((row) => !row.agree);
  }

  /** The rows as a table: figure, report, simulation, agree. */
  table(rows: readonly Row[] = this.rows): string {
    const width = Math.min(90, Math.max(6, ...rows.map((r) => r.figure.length)));
    const cell = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text.padEnd(n));
    const lines = [`${cell('figure', width)}  ${cell('report', 24)}  ${cell('simulation', 24)}  agree?`];
    for (const r of rows) {
      lines.push(
        `${cell(r.figure, width)}  ${cell(r.report, 24)}  ${cell(r.sim, 24)}  ${r.agree ? 'yes' : 'NO'}`,
      );
    }
    return lines.join('\n');
  }
}
