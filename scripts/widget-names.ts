/**
 * `npm run -s widget:names`: writes src/server/widget-mangled-names.ts, the widget's class member names
 * that the build shortens (scripts/mangleable-names.ts says which qualify). Run it after adding or
 * renaming members of the widget's classes; a name not in the list is simply left long.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BUNDLES } from '../src/server/browser-bundle.ts';
import { mangleableNames } from './mangleable-names.ts';

const FILE = fileURLToPath(new URL('../src/server/widget-mangled-names.ts', import.meta.url));

async function main(): Promise<void> {
  const names = await mangleableNames([BUNDLES.widget, BUNDLES['widget-panel']]);
  const list = names.map((name) => `  '${name}',`).join('\n');
  await writeFile(
    FILE,
    `/**
 * The widget's class member names that its build shortens (esbuild \`mangleProps\`), written by
 * \`npm run -s widget:names\` from scripts/mangleable-names.ts; test/unit/server/mangleable-names.test.ts
 * checks that each is still safe to shorten. Do not edit by hand.
 */
export const WIDGET_MANGLED_NAMES: readonly string[] = [
${list}
];
`,
  );
  console.log(`${names.length} names written to ${FILE}`);
}

main().catch((error: unknown) => {
  console.error(`widget:names failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
