import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLES } from '../../../src/server/browser-bundle.ts';
import { mangleableNames } from '../../../scripts/mangleable-names.ts';
import { WIDGET_MANGLED_NAMES } from '../../../src/server/widget-mangled-names.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hamdel-mangle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small program: which of its class members may be shortened, and why the others may not. */
const FIXTURE = `
export class Counter {
  private count = 0;
  private hidden = false;
  private readonly stored = 1;
  private readonly label: HTMLElement;
  constructor(private readonly step: number, private readonly unit: number) {
    this.label = document.createElement('p');
    this.label.hidden = this.hidden;
  }
  increment(): number {
    this.count += this.step * this.unit + this.stored;
    return this.count;
  }
}
export const keys = ['stored'];
export class Snapshot {
  private taken = 1;
  json(): string {
    return JSON.stringify(this) + String(this.taken);
  }
}
export class Picker {
  private first = 1;
  private second = 2;
  pick(key: 'first' | 'second'): number {
    return this[key];
  }
}
export class Later {
  private later = 1;
  then(): number {
    return this.later;
  }
}
export const settings = { step: 2 };
export const counter = new Counter(settings.step, 1);
`;

describe('the class member names a browser script may shorten', () => {
  it('are members used only as members: not DOM, not strings, not object keys, not read by name', async () => {
    writeFileSync(path.join(dir, 'entry.ts'), FIXTURE);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', lib: ['ES2023', 'DOM'], strict: true, types: [] },
      }),
    );
    const names = await mangleableNames(path.join(dir, 'entry.ts'), {
      under: dir,
      tsconfig: path.join(dir, 'tsconfig.json'),
    });
    // count, increment, label, later, unit: ours alone. hidden: also an element's; stored: also a string;
    // step: also an object literal's key; taken, json: JSON.stringify reads the instance by name; first,
    // second, pick: a Picker is read as this[key]; then: looked up by name on any object.
    expect(names).toEqual(['count', 'increment', 'label', 'later', 'unit']);
  }, 60_000);

  it("the widget's list (widget-mangled-names.ts) holds only names that are still safe to shorten", async () => {
    const safe = new Set(await mangleableNames([BUNDLES.widget, BUNDLES['widget-panel']]));
    const unsafe = WIDGET_MANGLED_NAMES.filter((name) => !safe.has(name));
    expect(unsafe, 'run `npm run -s widget:names` to write the list again').toEqual([]);
    expect(WIDGET_MANGLED_NAMES.length).toBeGreaterThan(40);
  }, 120_000);
});
