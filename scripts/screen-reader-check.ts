/**
 * `npx tsx scripts/screen-reader-check.ts [--out transcript.md] [--languages fa,ar,en] [--only widget|console]`:
 * listens to the
 * widget with a real screen reader (Orca, on Chromium, on a headless X display) and prints what Orca said at
 * each moment of a customer's journey, driven from the keyboard with xdotool: the launcher focused, the panel
 * opened, a question sent and answered with choices, the choices reached by Tab, one picked, a person asked
 * for, the place in line moving, the agent's reply, the rating question. Not part of `npm test` (it needs
 * Orca, Xvfb and xdotool from Debian: see PACKAGES in screen-reader/desktop.ts); docs/accessibility.md keeps
 * the last transcript. Ends with how many times each message of the conversation was heard: once each is
 * right (a polite live region per message, never the whole list).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Language } from '../src/core/language.ts';
import { clockFrom, startTestServer } from '../test/helpers/test-server.ts';
import { consoleJourney } from './screen-reader/console-journey.ts';
import { Desktop, missingTools, PACKAGES } from './screen-reader/desktop.ts';
import type { Moment } from './screen-reader/listening.ts';
import { widgetJourney } from './screen-reader/widget-journey.ts';
import { NAMES, PASSWORD } from './screen-reader/words.ts';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

async function main(): Promise<void> {
  const missing = missingTools();
  if (missing.length > 0) {
    console.error(`missing ${missing.join(', ')}: apt-get install -y --no-install-recommends ${PACKAGES}`);
    process.exit(2);
  }
  const languages = (option('languages') ?? 'en,fa,ar').split(',') as Language[];
  const server = await startTestServer({ clock: clockFrom(Date.UTC(2026, 10, 23, 8, 0)) });
  const desktop = await Desktop.start(mkdtempSync(join(tmpdir(), 'hamdel-listen-')));
  const report: string[] = [];
  try {
    for (const language of languages)
      await server.hamdel.human.agents.create({
        id: `sara-${language}`,
        name: NAMES[language],
        languages: [language],
        capacity: 9,
        password: PASSWORD,
      });
    const print = (moment: Moment) => {
      const lines = [`- ${moment.what}:`, ...moment.heard.map((u) => `  - "${u}"`)];
      if (moment.heard.length === 0) lines.push('  - (nothing)');
      report.push(...lines);
      console.log(lines.join('\n'));
    };
    const heading = (title: string) => {
      report.push('', `### ${title}`, '');
      console.log(`\n### ${title}\n`);
    };
    for (const language of languages) {
      if (!option('only') || option('only') === 'widget') {
        heading(`the widget, ${language}`);
        await widgetJourney(desktop, server.url, language, print);
      }
      if (!option('only') || option('only') === 'console') {
        heading(`the agent console, ${language}`);
        await server.hamdel.human.presence.setStatus(`sara-${language}`, 'online');
        await consoleJourney(desktop, server.url, language, print);
      }
    }
  } finally {
    desktop.stop();
    await server.close();
  }
  const out = option('out');
  if (out) writeFileSync(out, report.join('\n'));
  console.log(`\nOrca's whole debug log: ${desktop.speechLog}`);
}

await main();
