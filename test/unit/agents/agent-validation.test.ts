import { describe, expect, it } from 'vitest';
import { isHamdelError } from '../../../src/core/errors.ts';
import {
  agentPatchSchema,
  newAgentSchema,
  parseOrThrow,
  passwordSchema,
} from '../../../src/agents/agent-validation.ts';

describe('agent validation', () => {
  it('applies defaults and lower-cases the id', () => {
    const agent = parseOrThrow(newAgentSchema, {
      id: ' Sara ',
      name: ' Sara Ahmadi ',
      languages: ['fa', 'en', 'fa'],
    });
    expect(agent).toEqual({
      id: 'sara',
      name: 'Sara Ahmadi',
      role: 'agent',
      languages: ['fa', 'en'],
      skills: [],
      capacity: 3,
      team: 'default',
    });
  });

  it.each([
    [{ id: 'a', name: 'A', languages: ['en'] }, 'id'],
    [{ id: 'bad id', name: 'A', languages: ['en'] }, 'id'],
    [{ id: 'ok', name: '', languages: ['en'] }, 'name'],
    [{ id: 'ok', name: 'A', languages: [] }, 'languages'],
    [{ id: 'ok', name: 'A', languages: ['de'] }, 'languages.0'],
    [{ id: 'ok', name: 'A', languages: ['en'], capacity: 0 }, 'capacity'],
    [{ id: 'ok', name: 'A', languages: ['en'], capacity: 21 }, 'capacity'],
    [{ id: 'ok', name: 'A', languages: ['en'], capacity: 2.5 }, 'capacity'],
    [{ id: 'ok', name: 'A', languages: ['en'], role: 'root' }, 'role'],
    [{ id: 'ok', name: 'A', languages: ['en'], skills: ['has space'] }, 'skills.0'],
  ])('rejects %j (field %s) with AGENT_INVALID', (input, field) => {
    try {
      parseOrThrow(newAgentSchema, input);
      expect.unreachable();
    } catch (error) {
      expect(isHamdelError(error, 'AGENT_INVALID')).toBe(true);
      expect((error as { context: { fields: string[] } }).context.fields).toContain(field);
    }
  });

  it('counts password length in characters, not bytes, and says PASSWORD_INVALID', () => {
    expect(parseOrThrow(passwordSchema, 'گذرواژه‌ام۱۲')).toBe('گذرواژه‌ام۱۲');
    expect(() => parseOrThrow(passwordSchema, 'short')).toThrow(/at least 10/);
    expect(() => parseOrThrow(passwordSchema, 'x'.repeat(257))).toThrow(/at most 256/);
    try {
      parseOrThrow(passwordSchema, 123);
    } catch (error) {
      expect(isHamdelError(error, 'PASSWORD_INVALID')).toBe(true);
    }
  });

  it('accepts a partial patch, refuses an empty one and unknown fields', () => {
    expect(parseOrThrow(agentPatchSchema, { capacity: 5 })).toEqual({ capacity: 5 });
    expect(() => parseOrThrow(agentPatchSchema, {})).toThrow(/nothing to change/);
    expect(() => parseOrThrow(agentPatchSchema, { id: 'other' })).toThrow();
    expect(() => parseOrThrow(agentPatchSchema, { passwordHash: 'x' })).toThrow();
  });
});
