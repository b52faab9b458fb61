// Traffic maps compare as Azure sees them: zero entries and key order do not matter.
import { sameTraffic, sameTrafficState } from '../../../domain/traffic';

describe('traffic comparison', () => {
  it('treats zero weights as absent and ignores key order', () => {
    expect(sameTraffic({ green: 0, blue: 100 }, { blue: 100 })).toBe(true);
    expect(sameTraffic({ z: 1, a: 99 }, { a: 99, z: 1 })).toBe(true);
    expect(sameTraffic({ blue: 100 }, { blue: 90, green: 10 })).toBe(false);
  });

  it.each([
    [
      { traffic: { blue: 100, green: 0 }, mirrorTraffic: {} },
      { traffic: { blue: 100 }, mirrorTraffic: { green: 0 } },
      true,
    ],
    [
      { traffic: { blue: 90, green: 10 }, mirrorTraffic: {} },
      { traffic: { green: 10, blue: 90 }, mirrorTraffic: {} },
      true,
    ],
    [{ traffic: { blue: 100 }, mirrorTraffic: { green: 10 } }, { traffic: { blue: 100 }, mirrorTraffic: {} }, false],
    [{ traffic: { blue: 90, green: 10 }, mirrorTraffic: {} }, { traffic: { blue: 100 }, mirrorTraffic: {} }, false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(sameTrafficState(a, b)).toBe(expected);
    expect(sameTrafficState(b, a)).toBe(expected);
  });
});
