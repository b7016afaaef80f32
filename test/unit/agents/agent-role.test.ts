import { describe, expect, it } from 'vitest';
import { hasRole, isDemotion } from '../../../src/agents/agent-role.ts';

describe('agent roles', () => {
  it('rank agent < supervisor < admin: a higher role passes where a lower one is asked for', () => {
    expect(hasRole('admin', 'supervisor')).toBe(true);
    expect(hasRole('supervisor', 'supervisor')).toBe(true);
    expect(hasRole('supervisor', 'agent')).toBe(true);
    expect(hasRole('supervisor', 'admin')).toBe(false);
    expect(hasRole('agent', 'supervisor')).toBe(false);
  });

  it('calls a change that takes rights away a demotion', () => {
    expect(isDemotion('admin', 'supervisor')).toBe(true);
    expect(isDemotion('supervisor', 'agent')).toBe(true);
    expect(isDemotion('agent', 'supervisor')).toBe(false);
    expect(isDemotion('admin', 'admin')).toBe(false);
  });
});
