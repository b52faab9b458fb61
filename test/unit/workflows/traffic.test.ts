import { sameTraffic } from '../../../workflows/traffic';
import { durationMs } from '../../../workflows/duration';

describe('sameTraffic', () => {
  it('treats zero weights as absent', () => {
    expect(sameTraffic({ traffic: { blue: 100, green: 0 }, mirrorTraffic: {} }, { traffic: { blue: 100 }, mirrorTraffic: { green: 0 } })).toBe(true);
  });
  it('notices a mirror left behind', () => {
    expect(sameTraffic({ traffic: { blue: 100 }, mirrorTraffic: { green: 10 } }, { traffic: { blue: 100 }, mirrorTraffic: {} })).toBe(false);
  });
});

describe('durationMs', () => {
  it.each([['250ms', 250], ['30s', 30_000], ['5m', 300_000], ['1h', 3_600_000], ['1d', 86_400_000]])('%s', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });
  it('names the rule for a bad duration', () => {
    expect(() => durationMs('5 minutes')).toThrow(/must look like '30s'/);
  });
});
