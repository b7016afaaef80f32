import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { HamdelError } from '../core/errors.ts';
import { LANGUAGES } from '../core/language.ts';
import type { Article } from './article.ts';
import { FRONT_MATTER } from './front-matter.ts';

const frontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case (a-z, 0-9 and dashes)'),
  language: z.enum(LANGUAGES),
  title: z.string().trim().min(1, 'title is empty'),
  questions: z.array(z.string().trim().min(1)).default([]),
  tags: z.array(z.string().trim().min(1)).default([]),
  needs_person: z.boolean().default(false),
  skills: z.array(z.string().regex(/^[a-z0-9-]+$/, 'skills are lower-case words')).default([]),
});

/**
 * Reads one article file: YAML front matter (id, language, title, questions, tags, and optionally
 * needs_person and skills) and a Markdown body.
 * Throws ARTICLE_INVALID with the file and the reason when anything is wrong.
 */
export function parseArticleFile(file: string, text: string): Article {
  const fail = (reason: string): never => {
    throw new HamdelError('ARTICLE_INVALID', `${file}: ${reason}`, { file, reason });
  };
  const match = FRONT_MATTER.exec(text);
  if (!match)
    return fail('no front matter (the file must start with a "---" line and close it with another)');
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    return fail(
      `front matter is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
    );
  }
  const parsed = frontMatterSchema.safeParse(data ?? {});
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'front matter'}: ${i.message}`).join('; '),
    );
  }
  const body = text.slice(match[0].length).trim();
  if (body.length === 0) return fail('the body (the answer) is empty');
  const { needs_person: needsPerson, skills, ...fields } = parsed.data;
  return {
    ...fields,
    body,
    file,
    ...(needsPerson ? { needsPerson } : {}),
    ...(skills.length > 0 ? { skills } : {}),
  };
}
