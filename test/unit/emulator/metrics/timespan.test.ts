import { parseIsoDuration } from '../../../../emulator/metrics/iso-duration';
import {
  buckets,
  parseInterval,
  parseTimespan,
  timeSpanText,
  windowFromBounds,
} from '../../../../emulator/metrics/timespan';

const T0 = Date.parse('2025-01-01T00:00:00Z');

describe('ISO durations', () => {
  it.each([
    ['PT1M', 60_000],
    ['PT5S', 5000],
    ['PT0.5S', 500],
    ['PT1H', 3_600_000],
    ['P1D', 86_400_000],
    ['PT1H30M', 5_400_000],
  ])('%s is %d ms', (text, ms) => expect(parseIsoDuration(text)).toBe(ms));

  it.each(['', 'P', 'PT', '1M', 'PT-1M', 'PT0S', 'P1Y'])('refuses %j', (text) =>
    expect(parseIsoDuration(text)).toBeUndefined(),
  );
});

describe('windows and buckets', () => {
  it('reads start/end, start/duration and a bare duration', () => {
    expect(parseTimespan('2025-01-01T00:00:00Z/2025-01-01T01:00:00Z', 0)).toEqual({ start: T0, end: T0 + 3_600_000 });
    expect(parseTimespan('2025-01-01T00:00:00Z/PT10M', 0)).toEqual({ start: T0, end: T0 + 600_000 });
    expect(parseTimespan('PT10M', T0)).toEqual({ start: T0 - 600_000, end: T0 });
    expect(windowFromBounds('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:20.000Z', 0)).toEqual({
      start: T0,
      end: T0 + 20_000,
    });
  });

  it('refuses an empty or reversed window', () => {
    expect(() => parseTimespan('2025-01-01T01:00:00Z/2025-01-01T00:00:00Z', 0)).toThrow(/start must be before the end/);
    expect(() => windowFromBounds('yesterday', undefined, 0)).toThrow(/starttime/);
    expect(() => parseInterval('PT1X')).toThrow(/Invalid time grain duration: PT1X/);
  });

  it("refuses an interval below the grain or off Azure's list, exactly as Azure words it", () => {
    const list = '00:01:00,00:05:00,00:15:00,00:30:00,01:00:00,06:00:00,12:00:00,1.00:00:00';
    expect(() => parseInterval('PT30S')).toThrow(`Invalid time grain duration: PT30S, supported ones are: ${list}`);
    expect(() => parseInterval('PT2M')).toThrow(/Invalid time grain duration: PT2M/);
    expect(parseInterval('PT1M')).toBe(60_000);
    expect(parseInterval('PT1H')).toBe(3_600_000);
    expect(parseInterval(undefined)).toBe(60_000);
    expect(parseInterval('full')).toBe('FULL');
    // The accelerated clock scales the list: a 10 s grain accepts PT10S, PT50S, ..., not PT5S.
    expect(parseInterval('PT10S', 10_000)).toBe(10_000);
    expect(() => parseInterval('PT5S', 10_000)).toThrow(/supported ones are: 00:00:10,00:00:50,00:02:30/);
    expect(timeSpanText(86_400_000)).toBe('1.00:00:00');
  });

  it('cuts PT1M buckets over the whole minutes of the window: partial minutes at either end are left out', () => {
    const w = { start: T0 + 15_000, end: T0 + 250_000 };
    const b = buckets(w, parseInterval('PT1M'));
    expect(b.map((x) => [x.start - T0, x.end - T0])).toEqual([
      [60_000, 120_000],
      [120_000, 180_000],
      [180_000, 240_000],
    ]);
    expect(b[0].grains).toHaveLength(1);
  });

  it('makes FULL one bucket of whole minutes; a window inside one minute has no bucket', () => {
    const w = { start: T0, end: T0 + 150_000 };
    const [full] = buckets(w, parseInterval('FULL'));
    expect([full.start - T0, full.end - T0]).toEqual([0, 120_000]);
    expect(full.grains.map((g) => g.end - g.start)).toEqual([60_000, 60_000]);
    expect(buckets({ start: T0, end: T0 + 20_000 }, 'FULL')).toEqual([]);
    expect(buckets({ start: T0 + 30_000, end: T0 + 80_000 }, 'FULL')).toEqual([]);
  });

  it('with PT5M, buckets start at the first whole minute and the last one is cut at the last whole minute', () => {
    const w = { start: T0 + 10_000, end: T0 + 470_000 };
    const b = buckets(w, parseInterval('PT5M'));
    expect(b.map((x) => [x.start - T0, x.end - T0, x.grains.length])).toEqual([
      [60_000, 360_000, 5],
      [360_000, 420_000, 1],
    ]);
  });
});
