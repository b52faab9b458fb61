import { join } from 'node:path';
import { waldFloor } from '../../../bench/judge/floor';
import { exposureOf, exposureUntil } from '../../../bench/judge/run-seed';
import { latencyLaw } from '../../../bench/judge/latency-law';
import { binomial, createRng } from '../../../bench/judge/rng';
import { loadScenarios, parseScenario, type Scenario } from '../../../bench/judge/scenario';
import { BOUNDS_MS, simulate } from '../../../bench/judge/simulate';

const scenarios = loadScenarios(join(__dirname, '../../../bench/scenarios'));
const byName = (prefix: string): Scenario => scenarios.find((s) => s.name.startsWith(prefix)) as Scenario;
const short = (s: Scenario): Scenario => ({ ...s, durationS: 300 });

describe('bench simulator', () => {
  it('ships the twelve reference scenarios and the diurnal ramp', () => {
    expect(scenarios).toHaveLength(13);
    expect(scenarios.filter((s) => !s.bad).map((s) => s.name)).toEqual([
      's0-good',
      's5-low-traffic-good',
      's6-shared-outage-good',
      's7b-high-traffic-good',
      's8-diurnal-ramp-good',
    ]);
  });

  it('swings the load with rpsCycle and routes each share step as written', () => {
    const s = byName('s8-');
    const run = simulate(s, 1, 30);
    const sum = (xs: Int32Array, from: number, to: number): number => xs.slice(from, to).reduce((x, y) => x + y, 0);
    const all = (from: number, to: number): number =>
      sum(run.ticks.green.n, from, to) + sum(run.ticks.blue.n, from, to);
    // Amplitude 0.5: the peak half-period (0-300 s) averages 200 × (1 + 0.5 × 2/π) a second, the trough 200 × (1 − 1/π).
    expect(all(0, 300) / 300).toBeCloseTo(200 * (1 + 1 / Math.PI), -1);
    expect(all(300, 600) / 300).toBeCloseTo(200 * (1 - 1 / Math.PI), -1);
    expect(sum(run.ticks.green.n, 0, 600) / all(0, 600)).toBeCloseTo(0.01, 2);
    expect(sum(run.ticks.green.n, 1200, 1800) / all(1200, 1800)).toBeCloseTo(0.2, 1);
  });

  it('replays the same stream for the same seed and a different one for another seed', () => {
    const s = short(byName('s1-'));
    const [a, b, c] = [simulate(s, 7, 5), simulate(s, 7, 5), simulate(s, 8, 5)];
    expect(b).toEqual(a);
    expect(Array.from(c.ticks.green.n)).not.toEqual(Array.from(a.ticks.green.n));
  });

  it('keeps arrivals and routing identical when only the green error rate changes (common random numbers)', () => {
    const good = short(byName('s0-'));
    const bad = { ...good, green: { ...good.green, errorRate: 0.05 } };
    const [a, b] = [simulate(good, 3, 5), simulate(bad, 3, 5)];
    expect(Array.from(b.ticks.green.n)).toEqual(Array.from(a.ticks.green.n));
    expect(Array.from(b.ticks.blue.errors)).toEqual(Array.from(a.ticks.blue.errors));
    expect(b.ticks.green.errors.reduce((x, y) => x + y, 0)).toBeGreaterThan(
      a.ticks.green.errors.reduce((x, y) => x + y, 0),
    );
  });

  it('produces the configured traffic share, error rate and p99 on average', () => {
    const s = { ...byName('s0-'), durationS: 1800 };
    const run = simulate(s, 1, 30);
    const sum = (xs: Int32Array): number => xs.reduce((x, y) => x + y, 0);
    const [g, b] = [sum(run.ticks.green.n), sum(run.ticks.blue.n)];
    expect((g + b) / 1800).toBeCloseTo(200, -1);
    expect(g / (g + b)).toBeCloseTo(0.05, 2);
    expect(sum(run.ticks.blue.errors) / b).toBeCloseTo(0.005, 3);
    const j250 = BOUNDS_MS.indexOf(250);
    const over250 = run.ticks.overBlue.filter((_, i) => i % BOUNDS_MS.length === j250).reduce((x, y) => x + y, 0);
    expect(over250 / b).toBeCloseTo(latencyLaw(s.blue).survival(250), 3);
    const p99s = Array.from({ length: 30 }, (_, m) => run.minutes.blue.pct[m * 4 + 3]).sort((x, y) => x - y);
    expect(p99s[15]).toBeGreaterThan(240);
    expect(p99s[15]).toBeLessThan(272);
  });

  it('samples binomials with the right mean on both sides of the normal switch', () => {
    const rng = createRng('test', 1, 'binomial');
    const mean = (n: number, p: number): number =>
      Array.from({ length: 4000 }, () => binomial(rng, n, p)).reduce((a, b) => a + b, 0) / 4000;
    expect(mean(20, 0.1)).toBeCloseTo(2, 0);
    expect(mean(2000, 0.3)).toBeGreaterThan(595);
    expect(mean(2000, 0.3)).toBeLessThan(605);
  });

  it.each([
    ['s1-', 506],
    ['s2-', 1701],
  ])('computes the Wald floor of %s as the reference does (%p)', (prefix, floor) => {
    expect(waldFloor(byName(prefix))).toBeCloseTo(floor, -1);
  });

  it('counts a bad release that is promoted or never decided as exposed for the whole run', () => {
    const s = short(byName('s1-'));
    const run = simulate(s, 5, 5);
    const whole = exposureUntil(run, run.seconds);
    expect(exposureOf(s, run, { kind: 'rollback', atS: 60 })).toBe(exposureUntil(run, 60));
    expect(exposureOf(s, run, { kind: 'promote', atS: 60 })).toBe(whole);
    expect(exposureOf(s, run, { kind: 'none', atS: run.seconds })).toBe(whole);
    expect(exposureOf(short(byName('s0-')), run, { kind: 'promote', atS: 60 })).toBe(exposureUntil(run, 60));
  });

  it('has no Wald floor for good releases', () => {
    expect(waldFloor(byName('s0-'))).toBeNull();
  });

  it('rejects a malformed scenario, naming the field', () => {
    expect(() => parseScenario({ ...byName('s0-'), rps: -1 }, 'x.json')).toThrow(/x\.json: invalid scenario: rps/);
  });
});
