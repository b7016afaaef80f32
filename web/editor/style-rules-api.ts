/** The business's style rules of a language as in force now (GET /api/editor/style/:language). */
import type { Language } from '../../src/core/language.ts';
import type { StyleRules } from '../../src/knowledge/style-check.ts';
import { api } from './api.ts';

export function styleRules(language: Language): Promise<StyleRules> {
  return api<StyleRules>('GET', `/api/editor/style/${language}`);
}
