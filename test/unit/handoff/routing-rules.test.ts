import { describe, expect, it } from 'vitest';
import { isHamdelError } from '../../../src/core/errors.ts';
import { chooseTeam, hostOf, parseRoutingRules } from '../../../src/handoff/routing-rules.ts';

describe('routing rules', () => {
  const rules = parseRoutingRules([
    { when: 'topic', value: 'Billing', team: 'billing' },
    { when: 'channel', value: 'telegram', team: 'social' },
    { when: 'site', value: 'https://Shop.example.com/', team: 'shop' },
    { when: 'topic', value: 'refund', team: 'refunds' },
  ]);

  it('sends an escalation to the first matching rule, in the order set', () => {
    expect(chooseTeam(rules, { topics: ['pay-invoice', 'billing'], channel: 'web' }, 'default')).toBe(
      'billing',
    );
    // Topic before channel because the topic rule comes first.
    expect(chooseTeam(rules, { topics: ['billing'], channel: 'telegram' }, 'default')).toBe('billing');
    expect(chooseTeam(rules, { topics: ['other'], channel: 'telegram' }, 'default')).toBe('social');
    expect(chooseTeam(rules, { topics: ['refund', 'billing'], channel: 'web' }, 'default')).toBe('billing');
    expect(chooseTeam(rules, { topics: ['refund'], channel: 'web' }, 'default')).toBe('refunds');
  });

  it('matches a site by its host, whatever the scheme, case or path', () => {
    const facts = { topics: [], channel: 'web', site: 'https://shop.example.com' };
    expect(chooseTeam(rules, facts, 'default')).toBe('shop');
    expect(chooseTeam(rules, { ...facts, site: 'http://SHOP.example.com' }, 'default')).toBe('shop');
    expect(chooseTeam(rules, { ...facts, site: 'https://blog.example.com' }, 'default')).toBe('default');
    expect(hostOf('shop.example.com/path')).toBe('shop.example.com');
    expect(hostOf('http://localhost:8080')).toBe('localhost:8080');
  });

  it('falls back when nothing matches or there are no rules', () => {
    expect(chooseTeam(rules, { topics: [], channel: 'web' }, 'default')).toBe('default');
    expect(chooseTeam([], { topics: ['billing'], channel: 'telegram' }, 'night')).toBe('night');
  });

  it('normalizes what it keeps: topics and channels lower-cased, sites as hosts', () => {
    expect(rules.map((r) => r.value)).toEqual(['billing', 'telegram', 'shop.example.com', 'refund']);
  });

  it('refuses bad rules with ROUTING_INVALID naming the problem', () => {
    for (const bad of [
      [{ when: 'weather', value: 'x', team: 'a' }],
      [{ when: 'topic', value: '', team: 'a' }],
      [{ when: 'topic', value: 'x', team: 'no spaces' }],
      [{ when: 'topic', value: 'x', team: 'dotted.team' }],
      [{ when: 'topic', value: 'x', team: 'a', extra: 1 }],
      { when: 'topic' },
    ]) {
      let thrown: unknown;
      try {
        parseRoutingRules(bad);
      } catch (error) {
        thrown = error;
      }
      expect(isHamdelError(thrown, 'ROUTING_INVALID'), JSON.stringify(bad)).toBe(true);
    }
  });
});
