import { z } from 'zod';
import { HamdelError } from '../core/errors.ts';
import { LANGUAGES } from '../core/language.ts';

/** Shortest password accepted, in characters (Unicode code points). */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest password accepted: argon2 takes any length, but a megabyte "password" is a denial of service. */
export const MAX_PASSWORD_LENGTH = 256;
export const MIN_CAPACITY = 1;
export const MAX_CAPACITY = 20;
export const DEFAULT_CAPACITY = 3;
export const DEFAULT_TEAM = 'default';

const slug = (what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, `${what}: lower-case letters, digits, ".", "_", "-"; 1-32 long`);

/** A sign-in name: lower-cased, 2-32 characters of a-z 0-9 . _ - starting with a letter or digit. */
export const agentIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'id: 2-32 lower-case letters, digits, ".", "_", "-"');

export const agentNameSchema = z
  .string()
  .trim()
  .min(1, 'name is empty')
  .max(80, 'name: at most 80 characters');
export const roleSchema = z.enum(['agent', 'supervisor', 'admin', 'editor']);
export const languagesSchema = z
  .array(z.enum(LANGUAGES))
  .min(1, 'languages: at least one of fa, ar, en')
  .transform((list) => [...new Set(list)]);
export const skillsSchema = z
  .array(slug('skill'))
  .max(20, 'skills: at most 20')
  .transform((list) => [...new Set(list)]);
export const capacitySchema = z.number().int().min(MIN_CAPACITY).max(MAX_CAPACITY);
export const teamSchema = slug('team');

export const passwordSchema = z
  .string()
  .refine((p) => [...p].length >= MIN_PASSWORD_LENGTH, `password: at least ${MIN_PASSWORD_LENGTH} characters`)
  .refine((p) => [...p].length <= MAX_PASSWORD_LENGTH, `password: at most ${MAX_PASSWORD_LENGTH} characters`);

/** The fields of a new agent, defaults applied. */
export const newAgentSchema = z.object({
  id: agentIdSchema,
  name: agentNameSchema,
  role: roleSchema.default('agent'),
  languages: languagesSchema,
  skills: skillsSchema.default([]),
  capacity: capacitySchema.default(DEFAULT_CAPACITY),
  team: teamSchema.default(DEFAULT_TEAM),
});

/** The fields an update may change; at least one. */
export const agentPatchSchema = z
  .object({
    name: agentNameSchema,
    role: roleSchema,
    languages: languagesSchema,
    skills: skillsSchema,
    capacity: capacitySchema,
    team: teamSchema,
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');

/** Parses `input` or throws AGENT_INVALID (or PASSWORD_INVALID for a password schema) listing every problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new HamdelError(
    schema === (passwordSchema as z.ZodType) ? 'PASSWORD_INVALID' : 'AGENT_INVALID',
    describeIssues(parsed.error),
    { fields: parsed.error.issues.map((i) => i.path.join('.')) },
  );
}

/** "languages.0: Invalid option…; capacity: Too big…" */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
