// Plan durations: the forms the schema accepts and their length in milliseconds.
import { DURATION, durationMs } from '../../../domain/duration';

describe('durationMs', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ])('parses %s', (text, ms) => {
    expect(DURATION.test(text)).toBe(true);
    expect(durationMs(text)).toBe(ms);
  });

  it('names the rule for a bad duration', () => {
    expect(DURATION.test('5 minutes')).toBe(false);
    expect(() => durationMs('5 minutes')).toThrow(/invalid duration '5 minutes': must look like '30s'/);
  });
});
