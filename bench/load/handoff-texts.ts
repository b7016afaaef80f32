import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from './hamdel-process.ts';

/**
 * What the bot says, in each language, when it puts a customer in line for a person (the catalog's
 * `handoff_connecting` in content/messages). From then on the bot is silent by design, so a transcript
 * with one of these is a conversation waiting for a person, not one that lost messages.
 */
export function handoffTexts(): ReadonlySet<string> {
  const texts = new Set<string>();
  for (const language of ['fa', 'ar', 'en']) {
    const file = path.join(REPO_ROOT, 'content', 'messages', `${language}.yaml`);
    const catalog = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const text = catalog.handoff_connecting;
    if (typeof text === 'string') texts.add(text.trim());
  }
  return texts;
}
