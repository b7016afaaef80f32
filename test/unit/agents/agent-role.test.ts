import { describe, expect, it } from 'vitest';
import { hasRole, isDemotion, servesChats } from '../../../src/agents/agent-role.ts';

describe('agent roles', () => {
  it('rank agent < supervisor < admin: a higher role passes where a lower one is asked for', () => {
    expect(hasRole('admin', 'supervisor')).toBe(true);
    expect(hasRole('supervisor', 'supervisor')).toBe(true);
    expect(hasRole('supervisor', 'agent')).toBe(true);
    expect(hasRole('supervisor', 'admin')).toBe(false);
    expect(hasRole('agent', 'supervisor')).toBe(false);
  });

  it('keeps the editor beside the line: only an editor or an admin passes where an editor is asked for', () => {
    expect(hasRole('editor', 'editor')).toBe(true);
    expect(hasRole('admin', 'editor')).toBe(true);
    expect(hasRole('supervisor', 'editor')).toBe(false);
    expect(hasRole('agent', 'editor')).toBe(false);
    for (const wanted of ['agent', 'supervisor', 'admin'] as const) {
      expect(hasRole('editor', wanted)).toBe(false);
    }
    expect(servesChats('editor')).toBe(false);
    expect(servesChats('agent')).toBe(true);
    expect(servesChats('admin')).toBe(true);
  });

  it('calls a change that takes rights away a demotion', () => {
    expect(isDemotion('admin', 'supervisor')).toBe(true);
    expect(isDemotion('supervisor', 'agent')).toBe(true);
    expect(isDemotion('agent', 'supervisor')).toBe(false);
    expect(isDemotion('admin', 'admin')).toBe(false);
    expect(isDemotion('admin', 'editor')).toBe(true);
    expect(isDemotion('editor', 'agent')).toBe(true);
    expect(isDemotion('agent', 'editor')).toBe(true);
    expect(isDemotion('editor', 'admin')).toBe(false);
  });
});
