import {
  addRestart, harmLogE, logSpace, newLabelProcess, safeLogE, theta, updateLabelProcess, type LabelConfig,
} from '../../../analysis/label-eprocess';

const cfg: LabelConfig = { tolerance: 1, harmGrid: [2], badRatio: 1.5, safeGrid: [1], initialWeight: 1 };

describe('theta', () => {
  it.each([
    [0.05, 1, 0.05],
    [0.05, 2, 0.1 / 1.05],
    [0.5, 1, 0.5],
    [0.5, 3, 0.75],
  ])('is the candidate share of bad events at rho %p and ratio %p', (rho, r, expected) => {
    expect(theta(rho, r)).toBeCloseTo(expected, 12);
  });
});

describe('label e-process', () => {
  it('pins the log likelihood ratio of a batch (single grid point, no restarts)', () => {
    const p = updateLabelProcess(newLabelProcess(cfg), 3, 10, 0.05, cfg);
    const t2 = 0.1 / 1.05;
    const expected = 3 * Math.log(t2 / 0.05) + 10 * Math.log((1 - t2) / 0.95);
    expect(harmLogE(p)).toBeCloseTo(expected, 12);
    expect(harmLogE(p)).toBeCloseTo(1.44517, 4);
    expect(p.harmMax).toBeCloseTo(expected, 12);
    expect(safeLogE(p)).toBeCloseTo(3 * Math.log(0.05 / theta(0.05, 1.5)) + 10 * Math.log(0.95 / (1 - theta(0.05, 1.5))), 12);
  });

  it.each([
    [0.05, 1], [0.05, 0.5], [0.2, 1], [0.5, 0.9], [0.01, 1],
  ])('has a one-event expected factor of at most 1 under the null (rho %p, true ratio %p)', (rho, r) => {
    const truth = theta(rho, r);
    for (const alt of logSpace(1.2, 10, 12)) {
      const f = truth * (theta(rho, alt) / theta(rho, 1)) + (1 - truth) * ((1 - theta(rho, alt)) / (1 - theta(rho, 1)));
      expect(f).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  it('ignores batches with no events or a share of 0 or 1', () => {
    const p = newLabelProcess(cfg);
    expect(updateLabelProcess(p, 0, 0, 0.05, cfg)).toBe(p);
    expect(updateLabelProcess(p, 3, 1, 1, cfg)).toBe(p);
  });

  it('gives a restart the prior weight it was started with', () => {
    const half = { ...cfg, initialWeight: 0.5 };
    const p = addRestart(newLabelProcess(half), 0.25);
    expect(Math.exp(harmLogE(p))).toBeCloseTo(0.75, 12);
  });

  it('lets a restarted copy ignore evidence from before it started', () => {
    const half = { ...cfg, initialWeight: 0.5 };
    let p = updateLabelProcess(newLabelProcess(half), 0, 200, 0.05, half); // long clean stretch
    p = addRestart(p, 0.5);
    p = updateLabelProcess(p, 10, 20, 0.05, half); // then a burst
    const fresh = updateLabelProcess(newLabelProcess({ ...cfg, initialWeight: 0.5 }), 10, 20, 0.05, half);
    expect(harmLogE(p)).toBeGreaterThanOrEqual(harmLogE(fresh) - 1e-9);
  });
});
