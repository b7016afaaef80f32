import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EscalationReason } from '../../../src/handoff/handoff-packet.ts';
import { headStartMs, lineRank, priorityFor } from '../../../src/handoff/priority.ts';
import { compareTickets } from '../../../src/handoff/queue-position.ts';
import type { WaitingTicket } from '../../../src/handoff/queue-snapshot.ts';
import { NOW, ticket } from './snapshot-fixtures.ts';

const reasons = fc.subarray<EscalationReason>(
  ['anger', 'customer-asked', 'needs-person', 'repeated-failure'],
  {
    minLength: 1,
  },
);

/** Arrivals (gap since the previous one, reasons) and takes (after which arrival, how many). */
const day = fc.record({
  maxOvertakeMs: fc.integer({ min: 0, max: 600_000 }),
  arrivals: fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 300_000 }), reasons }), {
    minLength: 1,
    maxLength: 60,
  }),
  takesAfter: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 60 }),
});

describe('the fairness rule', () => {
  it('gives anger the whole bound, a request for a person half, repeated failures none', () => {
    expect(headStartMs(priorityFor(['anger', 'repeated-failure']), 120_000)).toBe(120_000);
    expect(headStartMs(priorityFor(['customer-asked']), 120_000)).toBe(60_000);
    expect(headStartMs(priorityFor(['needs-person']), 120_000)).toBe(60_000);
    expect(headStartMs(priorityFor(['repeated-failure']), 120_000)).toBe(0);
  });

  it('no customer is served after a later arrival who came more than the bound after them', () => {
    fc.assert(
      fc.property(day, ({ maxOvertakeMs, arrivals, takesAfter }) => {
        const waiting: WaitingTicket[] = [];
        const served: WaitingTicket[] = [];
        let now = NOW;
        for (const [i, arrival] of arrivals.entries()) {
          now += arrival.gapMs;
          const priority = priorityFor(arrival.reasons);
          const rank = lineRank(priority, now, maxOvertakeMs);
          waiting.push(ticket(`t${String(i).padStart(3, '0')}`, { enqueuedAt: now, priority, rank }));
          for (let take = 0; take < (takesAfter[i] ?? 0) && waiting.length > 0; take += 1) {
            waiting.sort(compareTickets);
            const next = waiting.shift() as WaitingTicket;
            // Everyone still waiting came at most the bound before the one served now.
            for (const other of waiting)
              expect(next.enqueuedAt - other.enqueuedAt).toBeLessThanOrEqual(maxOvertakeMs);
            served.push(next);
          }
        }
        // The same, pairwise over the whole order of service (the rest served in line order at the end).
        const order = [...served, ...waiting.sort(compareTickets)];
        for (const [i, a] of order.entries()) {
          for (const b of order.slice(i + 1))
            expect(a.enqueuedAt - b.enqueuedAt).toBeLessThanOrEqual(maxOvertakeMs);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the bound is tight: an angry customer goes before a calm one who came up to the bound earlier', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        (bound, gap) => {
          const calm = ticket('a-calm', { priority: 3, enqueuedAt: NOW, rank: lineRank(3, NOW, bound) });
          const later = NOW + gap;
          const angry = ticket('b-angry', {
            priority: 1,
            enqueuedAt: later,
            rank: lineRank(1, later, bound),
          });
          const first = [calm, angry].sort(compareTickets)[0];
          expect(first?.ticketId).toBe(gap < bound ? 'b-angry' : 'a-calm');
        },
      ),
    );
  });
});
