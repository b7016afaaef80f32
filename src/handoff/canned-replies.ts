/**
 * Canned replies for agents (content/canned/<language>.yaml): per language, a list of { id, title, text }
 * that the console offers as starting points, filled with {customer} and {agent} and edited before sending.
 * Loading validates every entry and names the file and the entry when one is wrong.
 */
import path from 'node:path';
import { readYamlFile } from '../core/yaml-file.ts';
import { z } from 'zod';
import { HamdelError } from '../core/errors.ts';
import { LANGUAGES, type Language } from '../core/language.ts';
import type { CannedReply } from './console-protocol.ts';

/** The placeholders the console fills in; any other {word} is a typo. */
export const CANNED_PLACEHOLDERS = ['customer', 'agent'] as const;

const placeholderPattern = /\{([^{}\s]*)\}/g;

export const cannedReplySchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (lower-case letters, digits, dashes)'),
    title: z.string().trim().min(1, 'is empty').max(80, 'is longer than 80 characters'),
    text: z
      .string()
      .trim()
      .min(1, 'is empty')
      .max(2000, 'is longer than 2000 characters')
      .superRefine((text, ctx) => {
        for (const [, name] of text.matchAll(placeholderPattern)) {
          if (!(CANNED_PLACEHOLDERS as readonly string[]).includes(name ?? '')) {
            ctx.addIssue({
              code: 'custom',
              message: `unknown placeholder {${name}} (use ${CANNED_PLACEHOLDERS.map((p) => `{${p}}`).join(' or ')})`,
            });
          }
        }
      }),
  })
  .strict();

/**
 * Validates one language's parsed file. `file` names it in errors. Throws CATALOG_INVALID listing every
 * problem as "entry <n> (id "<id>"): <field>: <what>".
 */
export function parseCannedReplies(data: unknown, file: string): CannedReply[] {
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) {
    throw new HamdelError('CATALOG_INVALID', `${file}: expected a list of { id, title, text } entries`, {
      file,
    });
  }
  const problems: string[] = [];
  const replies: CannedReply[] = [];
  const seen = new Map<string, number>();
  data.forEach((raw: unknown, index) => {
    const number = index + 1;
    const rawId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const label = typeof rawId === 'string' ? `entry ${number} (id "${rawId}")` : `entry ${number}`;
    const parsed = cannedReplySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.');
        problems.push(`${label}: ${field ? `${field}: ` : ''}${issue.message}`);
      }
      return;
    }
    const earlier = seen.get(parsed.data.id);
    if (earlier !== undefined) {
      problems.push(`${label}: id is already used by entry ${earlier}`);
      return;
    }
    seen.set(parsed.data.id, number);
    replies.push(parsed.data);
  });
  if (problems.length > 0) {
    throw new HamdelError('CATALOG_INVALID', `${file}: ${problems.join('; ')}`, { file, problems });
  }
  return replies;
}

/** Reads content/canned/<language>.yaml for every language; a missing file or a broken entry throws. */
export async function loadCannedReplies(dir: string): Promise<Record<Language, CannedReply[]>> {
  const result = {} as Record<Language, CannedReply[]>;
  for (const language of LANGUAGES) {
    const file = path.join(dir, `${language}.yaml`);
    const data = await readYamlFile(file, 'CATALOG_INVALID');
    result[language] = parseCannedReplies(data, file);
  }
  return result;
}
