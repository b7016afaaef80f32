import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findStyleIssues } from '../../src/knowledge/style-check.ts';
import { createContentSources, type ContentSources } from '../../src/server/content-sources.ts';
import { CONTENT_DIR } from '../helpers/content.ts';
import { eventually } from '../helpers/time.ts';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly source?: string;
  readonly files?: string[];
  readonly reason?: string;
}

/** A logger whose lines the test can read. */
function capturedLog() {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('lexicons, canned replies, teams and style rules are picked up without a restart; a broken edit keeps the last good one', () => {
  let dir: string;
  let content: ContentSources;
  let lines: LogLine[];
  const failures = (source: string) => lines.filter((l) => l.level >= 50 && l.source === source);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hamdel-content-'));
    await cp(CONTENT_DIR, dir, { recursive: true });
    const captured = capturedLog();
    lines = captured.lines;
    content = createContentSources(dir, captured.log, { debounceMs: 30 });
    await content.load();
    await content.watch();
  });
  afterEach(async () => {
    await content.close();
    await rm(dir, { recursive: true, force: true });
  });

  const edit = async (file: string, change: (text: string) => string) => {
    const full = path.join(dir, file);
    await writeFile(full, change(await readFile(full, 'utf8')));
  };

  it('anger lexicons: a new phrase counts at once; a broken edit is logged with its file and changes nothing', async () => {
    const level = () => content.anger.current.scoreMessage('these bananas again', 'en').level;
    expect(level()).toBe('calm');
    const original = await readFile(path.join(dir, 'lexicons/en.yaml'), 'utf8');
    await edit('lexicons/en.yaml', (text) => text.replace('\nanger:\n', '\nanger:\n  bananas: 0.9\n'));
    await eventually(() => level() === 'angry', 'the new phrase to count');

    const before = content.anger.current;
    await writeFile(
      path.join(dir, 'lexicons/en.yaml'),
      original.replace('\nanger:\n', '\nanger:\n  bananas: 7\n'),
    );
    const [failure] = await eventually(
      () => failures('anger lexicons').length > 0 && failures('anger lexicons'),
      'the failure',
    );
    expect(failure?.files).toEqual([path.join(dir, 'lexicons/en.yaml')]);
    expect(failure?.reason).toMatch(/bananas/);
    expect(content.anger.current).toBe(before);
    expect(level()).toBe('angry');
  });

  it('canned replies: a new reply is offered at once; an unknown placeholder is refused and the old list stays', async () => {
    const ids = () => content.canned.current.en.map((reply) => reply.id);
    expect(ids()).not.toContain('late-parcel');
    await edit(
      'canned/en.yaml',
      (text) =>
        `${text}\n- id: late-parcel\n  title: Late parcel\n  text: "Sorry {customer}, your parcel is late."\n`,
    );
    await eventually(() => ids().includes('late-parcel'), 'the new reply');
    const fa = content.canned.current.fa;

    await edit('canned/fa.yaml', (text) => `${text}\n- id: bad\n  title: بد\n  text: "سلام {name}"\n`);
    const [failure] = await eventually(
      () => failures('canned replies').length > 0 && failures('canned replies'),
      'the failure',
    );
    expect(failure?.files).toEqual([path.join(dir, 'canned/fa.yaml')]);
    expect(failure?.reason).toMatch(/unknown placeholder \{name\}/);
    expect(content.canned.current.fa).toBe(fa);
    expect(ids()).toContain('late-parcel');
  });

  it('teams: new hours apply at once, a removed file means always open, a broken file keeps the last good hours', async () => {
    expect(content.teams.current.get('night')).toBeUndefined();
    const night = "night:\n  timezone: Asia/Tehran\n  weekly:\n    sat: [['22:00', '06:00']]\n";
    await edit('teams.yaml', (text) => `${text}\n${night}`);
    await eventually(() => content.teams.current.get('night')?.timezone === 'Asia/Tehran', 'the new team');

    await writeFile(path.join(dir, 'teams.yaml'), 'night:\n  timezone: Mars/Olympus_Mons\n  weekly: {}\n');
    const [failure] = await eventually(
      () => failures('teams').length > 0 && failures('teams'),
      'the failure',
    );
    expect(failure?.files).toEqual([path.join(dir, 'teams.yaml')]);
    expect(failure?.reason).toMatch(/IANA timezone/);
    expect(content.teams.current.get('night')?.timezone).toBe('Asia/Tehran');

    await unlink(path.join(dir, 'teams.yaml'));
    await eventually(() => content.teams.current.size === 0, 'no teams: always open');
    await writeFile(path.join(dir, 'teams.yaml'), night);
    await eventually(() => content.teams.current.get('night') !== undefined, 'the file to come back');
  });

  it('style rules: a new phrase to avoid is marked at once; a broken file is logged and the last good rules stay', async () => {
    const marks = () =>
      findStyleIssues('That is a hard no from us.', content.styles.current.en).map((i) => i.phrase);
    expect(marks()).toEqual([]);
    const rule = '  - phrases: [hard no]\n    instead: Say what we can do.\n';
    await edit('style/en.yaml', (text) => `${text.trimEnd()}\n${rule}`);
    await eventually(() => marks().join() === 'hard no', 'the new rule');

    const before = content.styles.current;
    await edit('style/en.yaml', (text) => `${text}  - phrases: [nope]\n`);
    const [failure] = await eventually(
      () => failures('style rules').length > 0 && failures('style rules'),
      'the failure',
    );
    expect(failure?.files).toEqual([path.join(dir, 'style/en.yaml')]);
    expect(failure?.reason).toMatch(/style\/en\.yaml:\d+: avoid: the entry has no `instead`/);
    expect(content.styles.current).toBe(before);
    expect(marks()).toEqual(['hard no']);
  });
});
