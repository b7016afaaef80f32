import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type ScoredRow,
  alwaysAngryF1,
  byGroup,
  flagged,
  flaggedShare,
  levelMetrics,
} from '../../../src/sentiment/eval-metrics.ts';

describe('anger metrics', () => {
  const rows: ScoredRow[] = [
    { gold: true, level: 'angry', group: 'egy' },
    { gold: true, level: 'annoyed', group: 'egy' },
    { gold: true, level: 'calm', group: 'gulf' },
    { gold: false, level: 'annoyed', group: 'gulf' },
    { gold: false, level: 'calm' },
  ];

  it('counts annoyed or angry at level annoyed, angry only at level angry', () => {
    expect(flagged('annoyed', 'annoyed')).toBe(true);
    expect(flagged('angry', 'annoyed')).toBe(true);
    expect(flagged('annoyed', 'angry')).toBe(false);
    expect(flagged('calm', 'annoyed')).toBe(false);
    expect(levelMetrics(rows, 'angry')).toMatchObject({ tp: 1, fp: 0, fn: 2, precision: 1 });
    const annoyed = levelMetrics(rows, 'annoyed');
    expect(annoyed).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(annoyed.f1).toBeCloseTo(2 / 3);
  });

  it('gives the always-angry baseline and groups by dialect', () => {
    expect(alwaysAngryF1(rows)).toBeCloseTo((2 * 0.6) / 1.6);
    expect([...byGroup(rows).keys()]).toEqual(['egy', 'gulf']);
    expect(flaggedShare(['calm', 'annoyed', 'angry', 'calm'])).toEqual({ annoyed: 0.5, angry: 0.25 });
  });
});

describe('eval:anger', () => {
  const run = (args: readonly string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/sentiment/eval-cli.ts', ...args], {
      cwd: process.cwd(),
    });

  it('prints both levels with the baseline and ends with one JSON line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hamdel-eval-'));
    try {
      const file = path.join(dir, 'rows.jsonl');
      const rows = [
        { text: 'This is absolutely unacceptable, I am furious', mad: true, dialect: 'uk' },
        { text: 'you guys are idiots, I will file a chargeback', mad: true, dialect: 'us' },
        { text: 'how do I reset my password', mad: true, dialect: 'us' },
        { text: 'where is my order', mad: false, dialect: 'uk' },
      ];
      await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
      const { stdout } = await run(['--test', file, '--field', 'mad', '--lang', 'en']);
      const last = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
      expect(Object.keys(last)).toEqual([
        'precision',
        'recall',
        'f1',
        'n',
        'positives',
        'baselineF1',
        'msPerMessage',
        'levels',
      ]);
      expect(last).toMatchObject({ precision: 1, recall: 0.6667, f1: 0.8, n: 4, positives: 3 });
      expect(last['baselineF1']).toBeCloseTo(0.8571, 4);
      expect(last['levels']).toMatchObject({ angry: { f1: 0.8 } });
      expect(stdout).toMatch(/^annoyed .*\n^angry .*true positives 2, false positives 0, false negatives 1/m);
      expect(stdout).toContain('F1 by dialect');

      const only = await run(['--test', file, '--field', 'mad', '--lang', 'en', '--level', 'annoyed']);
      expect(only.stdout).not.toMatch(/^angry /m);
      expect(only.stdout).toMatch(/^annoyed /m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('counts flagged rows of an ordinary-question set with --calm, and refuses a bad level', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hamdel-eval-'));
    try {
      const file = path.join(dir, 'questions.jsonl');
      const rows = ['where is my order', 'how do I pay', 'this is a scam, you are thieves', 'hi'];
      await writeFile(file, rows.map((text) => JSON.stringify({ text, label: 'x' })).join('\n'));
      const { stdout } = await run(['--test', file, '--calm', '--lang', 'en']);
      const last = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
      expect(last).toMatchObject({ n: 4, flaggedAnnoyed: 0.25, flaggedAngry: 0.25 });
      await expect(run(['--test', file, '--level', 'furious'])).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('--level must be annoyed or angry'),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
