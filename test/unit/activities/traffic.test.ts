// Traffic maps compare as Azure sees them: zero entries and key order do not matter.
import { normalizeTraffic, sameTrafficState } from '../../../activities/traffic';

describe('traffic comparison', () => {
  it('drops zero entries and sorts keys', () => {
    expect(normalizeTraffic({ green: 0, blue: 100 })).toEqual({ blue: 100 });
    expect(Object.keys(normalizeTraffic({ z: 1, a: 99 }))).toEqual(['a', 'z']);
  });

  it.each([
    [{ traffic: { blue: 100, green: 0 }, mirrorTraffic: {} }, { traffic: { blue: 100 }, mirrorTraffic: { green: 0 } }, true],
    [{ traffic: { blue: 90, green: 10 }, mirrorTraffic: {} }, { traffic: { green: 10, blue: 90 }, mirrorTraffic: {} }, true],
    [{ traffic: { blue: 100 }, mirrorTraffic: { green: 10 } }, { traffic: { blue: 100 }, mirrorTraffic: {} }, false],
    [{ traffic: { blue: 90, green: 10 }, mirrorTraffic: {} }, { traffic: { blue: 100 }, mirrorTraffic: {} }, false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(sameTrafficState(a, b)).toBe(expected);
  });
});
