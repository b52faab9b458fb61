import type { RolloutEvent, RolloutStatus } from '../../../../domain/status';
import { eventsSince } from '../../../../api/routes/events';

const event = (n: number): RolloutEvent => ({ at: `t${n}`, type: `e${n}`, actor: 'system' });
const status = (from: number, to: number): RolloutStatus =>
  ({
    events: Array.from({ length: to - from }, (_, i) => event(from + i)),
    ...(from > 0 ? { folded: { gates: 0, events: from, eventTypes: {}, stages: [] } } : {}),
  }) as unknown as RolloutStatus;

describe('the event stream', () => {
  it.each([
    ['nothing folded', status(0, 5), 3, ['e3', 'e4'], 5],
    ['older events folded', status(10, 15), 12, ['e12', 'e13', 'e14'], 15],
    ['events folded before they were sent', status(10, 15), 7, ['e10', 'e11', 'e12', 'e13', 'e14'], 15],
    ['nothing new', status(10, 15), 15, [], 15],
  ])('sends each event once, counting folded ones: %s', (_, s, seen, types, next) => {
    const fresh = eventsSince(s, seen);
    expect(fresh.events.map((e) => e.type)).toEqual(types);
    expect(fresh.seen).toBe(next);
  });
});
