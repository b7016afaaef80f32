import { mkdtemp, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isHamdelError } from '../../../src/core/errors.ts';
import { LANGUAGES } from '../../../src/core/language.ts';
import { loadCannedReplies, parseCannedReplies } from '../../../src/handoff/canned-replies.ts';
import { findStyleIssues } from '../../../src/knowledge/style-check.ts';
import { loadStyleRules } from '../../../src/knowledge/style-file.ts';
import { fillCanned } from '../../../web/agent/console/canned-fill.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';

const CANNED_DIR = path.join(CONTENT_DIR, 'canned');

describe('the shipped canned replies', () => {
  it('are valid, 8 to 12 per language, and cover the same situations in every language', async () => {
    const replies = await loadCannedReplies(CANNED_DIR);
    const ids = LANGUAGES.map((language) => replies[language].map((r) => r.id).sort());
    for (const language of LANGUAGES) {
      expect(replies[language].length).toBeGreaterThanOrEqual(8);
      expect(replies[language].length).toBeLessThanOrEqual(12);
    }
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    for (const id of ['greeting', 'apology', 'order-number', 'checking', 'refund-started', 'closing']) {
      expect(ids[0]).toContain(id);
    }
    expect(ids[0]).toEqual(expect.arrayContaining(['replacement-sent', 'technician-call']));
  });

  it("follow the business's style (content/style) and read cleanly with and without the customer name", async () => {
    const replies = await loadCannedReplies(CANNED_DIR);
    const styles = await loadStyleRules(path.join(CONTENT_DIR, 'style'));
    for (const language of LANGUAGES) {
      expect(styles[language].avoid.length, `style/${language}.yaml has rules`).toBeGreaterThan(0);
      for (const reply of replies[language]) {
        expect(findStyleIssues(reply.text, styles[language]), `${language}/${reply.id}`).toEqual([]);
        const bare = fillCanned(reply.text, { agent: 'Sara' });
        const named = fillCanned(reply.text, { customer: 'Maryam', agent: 'Sara' });
        for (const text of [bare, named]) {
          expect(text).not.toMatch(/[{}]/);
          expect(text, `${language}/${reply.id}`).not.toMatch(/\s[،,.!?؟]|[،,]{2}|[،,][.!?؟]|\s{2}/);
        }
      }
    }
  });
});

describe('parseCannedReplies', () => {
  it('names the file and the entry of a broken reply', () => {
    const data = [
      { id: 'greeting', title: 'Greeting', text: 'Hi {customer}' },
      { id: 'refund', title: 'Refund', text: '   ' },
    ];
    expect(() => parseCannedReplies(data, 'canned/en.yaml')).toThrowError(
      /canned\/en\.yaml: entry 2 \(id "refund"\): text: is empty/,
    );
  });

  it('reports unknown placeholders, duplicate ids, bad ids and unknown fields', () => {
    const data = [
      { id: 'a', title: 'A', text: 'Hello {name}' },
      { id: 'b', title: 'B', text: 'Fine' },
      { id: 'b', title: 'B again', text: 'Twice' },
      { id: 'Not Kebab', title: 'C', text: 'x' },
      { id: 'd', title: 'D', text: 'x', extra: true },
    ];
    let error: unknown;
    try {
      parseCannedReplies(data, 'fa.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(isHamdelError(error, 'CATALOG_INVALID')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('entry 1 (id "a"): text: unknown placeholder {name}');
    expect(message).toContain('entry 3 (id "b"): id is already used by entry 2');
    expect(message).toContain('entry 4 (id "Not Kebab"): id: must be kebab-case');
    expect(message).toMatch(/entry 5 \(id "d"\): .*extra/);
  });

  it('rejects a file that is not a list, and takes an empty file as no replies', () => {
    expect(() => parseCannedReplies({ greeting: 'hi' }, 'ar.yaml')).toThrowError(/ar\.yaml: expected a list/);
    expect(parseCannedReplies(null, 'ar.yaml')).toEqual([]);
  });
});

describe('loadCannedReplies', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reports a broken YAML file and a missing language by file name', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hamdel-canned-'));
    await cp(CANNED_DIR, dir, { recursive: true });
    await writeFile(path.join(dir, 'ar.yaml'), '- id: x\n  title: [unclosed\n');
    await expect(loadCannedReplies(dir)).rejects.toThrowError(/ar\.yaml: not valid YAML/);
    await rm(path.join(dir, 'ar.yaml'));
    await expect(loadCannedReplies(dir)).rejects.toThrowError(/ar\.yaml is missing/);
  });
});
