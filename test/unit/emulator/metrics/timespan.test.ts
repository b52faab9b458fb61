import { parseIsoDuration } from '../../../../emulator/metrics/iso-duration';
import { buckets, parseInterval, parseTimespan, windowFromBounds } from '../../../../emulator/metrics/timespan';

const T0 = Date.parse('2025-01-01T00:00:00Z');

describe('ISO durations', () => {
  it.each([
    ['PT1M', 60_000], ['PT5S', 5000], ['PT0.5S', 500], ['PT1H', 3_600_000], ['P1D', 86_400_000], ['PT1H30M', 5_400_000],
  ])('%s is %d ms', (text, ms) => expect(parseIsoDuration(text)).toBe(ms));

  it.each(['', 'P', 'PT', '1M', 'PT-1M', 'PT0S', 'P1Y'])('refuses %j', (text) => expect(parseIsoDuration(text)).toBeUndefined());
});

describe('windows and buckets', () => {
  it('reads start/end, start/duration and a bare duration', () => {
    expect(parseTimespan('2025-01-01T00:00:00Z/2025-01-01T01:00:00Z', 0)).toEqual({ start: T0, end: T0 + 3_600_000 });
    expect(parseTimespan('2025-01-01T00:00:00Z/PT10M', 0)).toEqual({ start: T0, end: T0 + 600_000 });
    expect(parseTimespan('PT10M', T0)).toEqual({ start: T0 - 600_000, end: T0 });
    expect(windowFromBounds('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:20.000Z', 0)).toEqual({ start: T0, end: T0 + 20_000 });
  });

  it('refuses an empty or reversed window', () => {
    expect(() => parseTimespan('2025-01-01T01:00:00Z/2025-01-01T00:00:00Z', 0)).toThrow(/start must be before the end/);
    expect(() => windowFromBounds('yesterday', undefined, 0)).toThrow(/starttime/);
    expect(() => parseInterval('PT1X', { start: 0, end: 1 })).toThrow(/interval/);
  });

  it('cuts PT1M buckets aligned to the start, the last one shorter', () => {
    const w = { start: T0 + 15_000, end: T0 + 150_000 };
    const b = buckets(w, parseInterval('PT1M', w));
    expect(b.map((x) => [x.start - T0, x.end - T0])).toEqual([[15_000, 75_000], [75_000, 135_000], [135_000, 150_000]]);
    expect(b[0].grains).toHaveLength(1);
  });

  it('makes FULL one bucket of 1-minute grains; a sub-minute window is one bucket of one grain', () => {
    const w = { start: T0, end: T0 + 150_000 };
    const [full] = buckets(w, parseInterval('FULL', w));
    expect(full.grains.map((g) => g.end - g.start)).toEqual([60_000, 60_000, 30_000]);
    const short = { start: T0, end: T0 + 20_000 };
    expect(buckets(short, parseInterval('full', short))).toEqual([{ ...short, grains: [short] }]);
  });
});
