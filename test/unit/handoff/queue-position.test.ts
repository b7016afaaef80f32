import { describe, expect, it } from 'vitest';
import { canTake, queuePosition } from '../../../src/handoff/queue-position.ts';
import { agent, MIN, NOW, snapshot, ticket } from './snapshot-fixtures.ts';

describe('queuePosition', () => {
  it('counts only tickets the same agents could take (language routing)', () => {
    const snap = snapshot({
      waiting: [
        ticket('en-1', { language: 'en', enqueuedAt: NOW - 9 * MIN }),
        ticket('fa-1', { enqueuedAt: NOW - 8 * MIN }),
        ticket('en-2', { language: 'en', enqueuedAt: NOW - 7 * MIN }),
        ticket('fa-2', { enqueuedAt: NOW - 6 * MIN }),
      ],
      agents: [agent('fa-agent'), agent('en-agent', { languages: ['en'] })],
    });
    expect(queuePosition(snap, 'fa-2')).toMatchObject({ position: 2, ahead: 1, lineLength: 2 });
    expect(queuePosition(snap, 'en-2')).toMatchObject({ position: 2, ahead: 1 });
  });

  it('routes by skills: a ticket needing billing waits only behind tickets billing agents could take', () => {
    const snap = snapshot({
      waiting: [
        ticket('plain', { enqueuedAt: NOW - 9 * MIN }),
        ticket('billing', { skills: ['billing'], enqueuedAt: NOW - 5 * MIN }),
      ],
      agents: [agent('plain-agent'), agent('billing-agent', { skills: ['billing'], status: 'away' })],
    });
    // The billing agent could take both, so "plain" is ahead of "billing".
    expect(queuePosition(snap, 'billing')).toMatchObject({ position: 2, eligibleOnline: 0, eligibleAway: 1 });
    // Without the billing agent, nobody shares the lines.
    const alone = snapshot({ ...snap, agents: [agent('plain-agent')] });
    expect(queuePosition(alone, 'billing')).toMatchObject({ position: 1, eligibleOnline: 0 });
  });

  it('orders by rank: arrival minus a head start by reason (at most two minutes by default)', () => {
    const snap = snapshot({
      waiting: [
        ticket('old-calm', { priority: 3, enqueuedAt: NOW - 20 * MIN }),
        ticket('new-angry', { priority: 1, enqueuedAt: NOW - MIN }),
        ticket('calm-just-before', { priority: 3, enqueuedAt: NOW - 2 * MIN }),
        ticket('mid-calm', { priority: 3, enqueuedAt: NOW - 10 * MIN }),
      ],
      agents: [agent('a')],
    });
    expect(queuePosition(snap, 'old-calm')?.position).toBe(1);
    expect(queuePosition(snap, 'mid-calm')?.position).toBe(2);
    expect(queuePosition(snap, 'new-angry')?.position).toBe(3); // one minute after: its head start covers it
    expect(queuePosition(snap, 'calm-just-before')?.position).toBe(4);
  });

  it('reports eligible agents online and their free capacity, ignoring offline agents and other teams', () => {
    const snap = snapshot({
      waiting: [ticket('t')],
      agents: [
        agent('a', { capacity: 3, activeChats: 1 }),
        agent('b', { capacity: 2, activeChats: 2 }),
        agent('c', { capacity: 2, activeChats: 3 }),
        agent('d', { status: 'offline', capacity: 3, activeChats: 0 }),
        agent('e', { team: 'sales', capacity: 3, activeChats: 0 }),
      ],
    });
    expect(queuePosition(snap, 't')).toMatchObject({
      eligibleOnline: 3,
      freeSlots: 2,
      concurrentSlots: 7,
      eligibleAgentIds: ['a', 'b', 'c'],
    });
  });

  it('is undefined for a ticket that is not waiting', () => {
    expect(queuePosition(snapshot({}), 'gone')).toBeUndefined();
  });

  it('canTake needs the team, the language and every skill', () => {
    const billing = ticket('t', { skills: ['billing', 'tech'] });
    expect(canTake(agent('a', { skills: ['billing', 'tech'] }), billing)).toBe(true);
    expect(canTake(agent('a', { skills: ['billing'] }), billing)).toBe(false);
    expect(canTake(agent('a', { languages: ['ar'], skills: ['billing', 'tech'] }), billing)).toBe(false);
  });
});
