import { join } from 'node:path';
import { medianFloor, medianFloorAtMinutes, neymanPearsonPower } from '../../../bench/judge/median-floor';
import { binomial, createRng } from '../../../bench/judge/rng';
import { loadScenarios, type Scenario } from '../../../bench/judge/scenario';

const scenarios = loadScenarios(join(__dirname, '../../../bench/scenarios'));
const byName = (prefix: string): Scenario => scenarios.find((s) => s.name.startsWith(prefix)) as Scenario;

/** Share of draws that the fixed-sample randomized upper-tail test of level alpha rejects, by simulation. */
function simulatedRejections(n: number, p0: number, p: number, alpha: number, draws: number): number {
  const rng = createRng('median-floor', 1, 'errors');
  const null0 = Array.from({ length: 20000 }, () => binomial(rng, n, p0)).sort((a, b) => b - a);
  const c = null0[Math.floor(alpha * null0.length)];
  const above = null0.filter((x) => x > c).length;
  const at = null0.filter((x) => x === c).length;
  const gamma = (alpha * null0.length - above) / at;
  let rejected = 0;
  for (let i = 0; i < draws; i++) {
    const x = binomial(rng, n, p);
    rejected += x > c ? 1 : x === c ? gamma : 0;
  }
  return rejected / draws;
}

describe('median floor', () => {
  it('gives the Neyman–Pearson test exactly its level under the null', () => {
    expect(neymanPearsonPower(1000, 0.005, 0.005, 0.05)).toBeCloseTo(0.05, 9);
    expect(neymanPearsonPower(3000, 0.005, 0.005, 0.025)).toBeCloseTo(0.025, 9);
  });

  it('agrees with a simulated fixed-sample test', () => {
    const power = neymanPearsonPower(720, 0.005, 0.01, 0.05);
    expect(simulatedRejections(720, 0.005, 0.01, 0.05, 20000)).toBeCloseTo(power, 1);
    expect(power).toBeGreaterThan(0.45);
  });

  it('is the first sample size at which the most powerful test reaches power 1/2', () => {
    const m = medianFloor(byName('s2-'), 0.05) as number;
    expect(neymanPearsonPower(m, 0.005, 0.01, 0.05)).toBeGreaterThanOrEqual(0.5);
    expect(neymanPearsonPower(m - 1, 0.005, 0.01, 0.05)).toBeLessThan(0.5);
  });

  it.each([
    ['s1-', 224, 600],
    ['s2-', 720, 1200],
    ['s2b-', 14360, 14400],
    ['s5b-', 224, 240],
    ['s7-', 224, 6000],
  ])('puts the floor of %s at %p green requests (%p at minute grain) for alpha 0.05', (prefix, requests, minutes) => {
    expect(medianFloor(byName(prefix), 0.05)).toBe(requests);
    expect(medianFloorAtMinutes(byName(prefix), 0.05)).toBe(minutes);
  });

  it('sits below Wald’s mean floor, which bounds the mean and not the median', () => {
    expect(medianFloor(byName('s1-'), 0.025)).toBeLessThan(506);
    expect(medianFloor(byName('s2-'), 0.025)).toBeLessThan(1701);
  });

  it('bounds a slow leak by its largest rate so far: above the floor of its final rate', () => {
    const leak = medianFloor(byName('s4-'), 0.05) as number;
    expect(leak).toBeGreaterThan(medianFloor(byName('s1-'), 0.05) as number);
    expect(leak).toBeLessThan(18000);
  });

  it('has no floor for good, latency or incident scenarios', () => {
    for (const prefix of ['s0-', 's3-', 's3b-', 's6-', 's7b-']) expect(medianFloor(byName(prefix), 0.05)).toBeNull();
  });
});
