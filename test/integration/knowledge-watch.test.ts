import { mkdtemp, mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts';
import { buildIndex } from '../../src/knowledge/search-index.ts';

const article = (id: string, title: string, body: string) => `---
id: ${id}
language: en
title: ${title}
questions:
  - ${title}?
tags: [test]
---
${body}
`;

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('knowledge base files are picked up without a restart', () => {
  let dir: string;
  let kb: KnowledgeBase;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hamdel-kb-'));
    await mkdir(path.join(dir, 'en'));
    await writeFile(
      path.join(dir, 'en', 'returns.md'),
      article('returns', 'How to return an item', 'Return it within 14 days.'),
    );
    kb = new KnowledgeBase({ articlesDir: dir, buildIndex, debounceMs: 30 });
    await kb.load();
    await kb.watch();
  });
  afterEach(async () => {
    await kb.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies an edit, an added file and a deletion, and reports a broken file without losing the others', async () => {
    expect(kb.current.articles.map((a) => a.id)).toEqual(['returns']);

    await writeFile(
      path.join(dir, 'en', 'returns.md'),
      article('returns', 'How to return an item', 'Return it within 30 days.'),
    );
    await until(() => kb.current.article('en', 'returns')?.body === 'Return it within 30 days.');

    await writeFile(
      path.join(dir, 'en', 'warranty.md'),
      article('warranty', 'What warranty do products have', 'One year.'),
    );
    await until(() => kb.current.articles.length === 2);
    expect(kb.current.index.search('warranty products', { language: 'en' })[0]?.article.id).toBe('warranty');

    await writeFile(path.join(dir, 'en', 'broken.md'), '---\nid: broken\nlanguage: en\n---\n');
    await until(() => kb.current.problems.length === 1);
    expect(kb.current.problems[0]).toMatchObject({ file: path.join('en', 'broken.md') });
    expect(kb.current.problems[0]?.reason).toMatch(/title/);
    expect(kb.current.articles.map((a) => a.id).sort()).toEqual(['returns', 'warranty']);

    await unlink(path.join(dir, 'en', 'warranty.md'));
    await until(() => kb.current.articles.length === 1);
    expect(kb.current.article('en', 'warranty')).toBeUndefined();
  });

  it('keeps the last good version of an article whose edit is broken, until the file is fixed', async () => {
    const file = path.join(dir, 'en', 'returns.md');
    await writeFile(
      file,
      '---\nid: returns\nlanguage: en\ntitle: [unclosed\n---\nReturn it within 60 days.\n',
    );
    await until(() => kb.current.problems.length === 1);
    expect(kb.current.problems[0]).toMatchObject({ file: path.join('en', 'returns.md'), kept: true });
    expect(kb.current.article('en', 'returns')?.body).toBe('Return it within 14 days.');
    expect(kb.current.index.search('return an item', { language: 'en' })[0]?.article.id).toBe('returns');

    await writeFile(file, article('returns', 'How to return an item', 'Return it within 60 days.'));
    await until(() => kb.current.article('en', 'returns')?.body === 'Return it within 60 days.');
    expect(kb.current.problems).toEqual([]);
  });

  it('refuses a second article with the same id in the same language', async () => {
    await writeFile(path.join(dir, 'en', 'returns-copy.md'), article('returns', 'Copy', 'Copy.'));
    await until(() => kb.current.problems.length === 1);
    expect(kb.current.problems[0]?.reason).toMatch(/already used/);
  });
});

describe('dialect lists and off-topic questions are picked up without a restart', () => {
  let root: string;
  let kb: KnowledgeBase;
  const shop = [
    ['returns', 'How to return an item', 'Return it within 14 days.'],
    ['delivery', 'When will my order arrive tomorrow', 'Orders arrive in 2 days.'],
    ['payment', 'How can I pay for my order', 'Cards and cash.'],
  ] as const;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hamdel-lists-'));
    for (const folder of ['articles/en', 'dialects', 'off-topic'])
      await mkdir(path.join(root, folder), { recursive: true });
    for (const [id, title, body] of shop)
      await writeFile(path.join(root, 'articles/en', `${id}.md`), article(id, title, body));
    kb = new KnowledgeBase({
      articlesDir: path.join(root, 'articles'),
      dialectsDir: path.join(root, 'dialects'),
      offTopicDir: path.join(root, 'off-topic'),
      buildIndex,
      debounceMs: 30,
    });
    await kb.load();
    await kb.watch();
  });
  afterEach(async () => {
    await kb.close();
    await rm(root, { recursive: true, force: true });
  });

  it('reads a new dialect word and new off-topic questions, and reports a broken list', async () => {
    const top = (question: string) => kb.current.index.search(question, { language: 'en' })[0];
    expect(top('how do i sendbak an item')?.score ?? 0).toBeLessThan(
      top('how do i return an item')?.score ?? 0,
    );
    await writeFile(path.join(root, 'dialects/en.yaml'), 'language: en\ngroups:\n  - [return, sendbak]\n');
    await until(
      () =>
        top('how do i sendbak an item')?.article.id === 'returns' &&
        (top('how do i sendbak an item')?.score ?? 0) > 0.6,
    );

    const weather = 'will it rain tomorrow';
    const before = top(weather)?.score ?? 0;
    await writeFile(
      path.join(root, 'off-topic/en.yaml'),
      'language: en\nquestions:\n  - will it rain this weekend\n  - how hot is it tomorrow\n  - tell me a joke\n',
    );
    await until(() => (top(weather)?.score ?? 1) < before);

    await writeFile(path.join(root, 'off-topic/en.yaml'), 'language: en\nquestions: 3\n');
    await until(() => kb.current.problems.length === 1);
    expect(kb.current.problems[0]).toMatchObject({ file: 'off-topic/en.yaml', kept: true });
    expect(kb.current.articles.length).toBe(3);
    // The last good off-topic questions still take confidence away from the articles.
    expect(top(weather)?.score ?? 1).toBeLessThan(before);

    // A broken dialect list keeps its last good words too.
    await writeFile(path.join(root, 'dialects/en.yaml'), 'language: en\ngroups: [[return\n');
    await until(() => kb.current.problems.length === 2);
    expect(kb.current.problems.map((p) => p.file).sort()).toEqual(['dialects/en.yaml', 'off-topic/en.yaml']);
    expect(top('how do i sendbak an item')?.article.id).toBe('returns');
    expect(top('how do i sendbak an item')?.score ?? 0).toBeGreaterThan(0.6);
  });
});
