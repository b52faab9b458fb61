// Traffic maps compare as Azure sees them (zero entries and key order do not matter), and a rollout moves only the
// baseline's share.
import {
  canaryFitProblem,
  judgedShare,
  promotedTraffic,
  retiredTraffic,
  sameTraffic,
  sameTrafficState,
  stepTraffic,
  trafficFrame,
} from '../../../domain/traffic';

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

describe('the traffic frame: the candidate takes from the baseline only', () => {
  const start = { blue: 90, third: 10 };
  const frame = trafficFrame(start, 'blue', 'green');

  it.each([
    ['the start', 0, 0, { traffic: { blue: 90, third: 10 }, mirrorTraffic: {} }],
    ['a 20% canary step', 20, 0, { traffic: { blue: 70, green: 20, third: 10 }, mirrorTraffic: {} }],
    ['a mirror of 30% of all traffic', 0, 30, { traffic: { blue: 90, third: 10 }, mirrorTraffic: { green: 30 } }],
    [
      'a weight past the baseline share, capped',
      95,
      0,
      { traffic: { blue: 0, green: 90, third: 10 }, mirrorTraffic: {} },
    ],
  ])('%s: weight %i, mirror %i', (_name, weight, mirror, expected) => {
    expect(stepTraffic(frame, weight, mirror)).toEqual(expected);
  });

  it('promotes to the baseline share and retires the baseline with the third untouched', () => {
    expect(promotedTraffic(frame)).toEqual({ traffic: { blue: 0, green: 90, third: 10 }, mirrorTraffic: {} });
    expect(retiredTraffic(frame)).toEqual({ traffic: { green: 90, third: 10 }, mirrorTraffic: {} });
  });

  it('keeps the single-deployment shapes the workflow always set', () => {
    const alone = trafficFrame({ blue: 100, green: 0 }, 'blue', 'green');
    expect(alone).toEqual({ baseline: 'blue', candidate: 'green', baselineShare: 100, others: {} });
    expect(stepTraffic(alone, 30)).toEqual({ traffic: { blue: 70, green: 30 }, mirrorTraffic: {} });
    expect(promotedTraffic(alone)).toEqual({ traffic: { blue: 0, green: 100 }, mirrorTraffic: {} });
  });

  it('judges the candidate by its share of the pair it is compared with', () => {
    expect(judgedShare(frame, 45)).toBe(0.5);
    expect(judgedShare(trafficFrame({ blue: 100 }, 'blue', 'green'), 30)).toBe(0.3);
  });

  it.each([
    [20, 90, undefined],
    [89, 90, undefined],
    [90, 90, expect.stringMatching(/below 90/)],
    [50, 40, expect.stringMatching(/baseline's share only, which is 40%/)],
  ])('a canary weight %i against a baseline share %i: %p', (weight, share, expected) => {
    expect(canaryFitProblem(weight, share)).toEqual(expected);
  });
});
