import { join } from 'node:path';
import { sequentialJudge } from '../../../analysis';
import {
  bucketCounts,
  newLatencyBet,
  nonDecreasing,
  stakes,
  updateLatencyBet,
  type LatencyBet,
} from '../../../analysis/latency-bet';
import type { JudgeState } from '../../../analysis/types';
import { loadScenarios } from '../../../bench/judge/scenario';
import { tickCounts } from '../../../bench/judge/judges/seq';
import { simulate } from '../../../bench/judge/simulate';
import { analysisSchema } from '../../../domain/plan';
import type { DeploymentCounts, IntervalSample } from '../../../domain/verdict';

const policy = analysisSchema.parse({ minRequests: 100, slo: { maxErrorRate: 1 } });
const over = (requests: number, counts: [number, number][]): DeploymentCounts => ({
  requests,
  errors: 0,
  latencyOver: counts.map(([ms, count]) => ({ ms, count })),
});
const sample = (candidate: DeploymentCounts, baseline: DeploymentCounts): IntervalSample => ({
  start: '2025-01-01T00:00:00Z',
  end: '2025-01-01T00:01:00Z',
  candidateShare: 0.05,
  candidate,
  baseline,
});
const repeat = (n: number, s: IntervalSample): IntervalSample[] => Array.from({ length: n }, () => s);
const blue = over(1900, [
  [80, 950],
  [150, 190],
  [250, 19],
]);

/** A bet that has seen a few seeded intervals of uneven counts. */
function seenBet(): LatencyBet {
  let bet = newLatencyBet();
  let x = 7;
  const next = (n: number): number => (x = (x * 1103515245 + 12345) % 2147483648) % n;
  for (let i = 0; i < 20; i++) {
    const g = over(100, [
      [80, 40 + next(20)],
      [150, 5 + next(15)],
      [250, next(6)],
    ]);
    bet = updateLatencyBet(bet, g, blue, 0.05);
  }
  return bet;
}

describe('latency bucket bet', () => {
  it('turns counts slower than each bound into requests per bucket', () => {
    expect(
      bucketCounts(
        over(100, [
          [150, 10],
          [80, 50],
          [250, 1],
        ]),
      ),
    ).toEqual({ boundsMs: [80, 150, 250], counts: [50, 40, 9, 1] });
    expect(bucketCounts({ requests: 100, errors: 0 })).toBeUndefined();
  });

  it('fits a non-decreasing sequence by pooling adjacent violators', () => {
    expect(nonDecreasing([1, 3, 2, 4], [1, 1, 1, 1])).toEqual([1, 2.5, 2.5, 4]);
    expect(nonDecreasing([3, 1], [1, 3])).toEqual([1.5, 1.5]);
  });

  it('stakes never decrease with latency and never risk more than 90 % of the wealth', () => {
    const c = stakes(seenBet(), 0.05);
    c.forEach((ck, k) => {
      if (k > 0) expect(ck).toBeGreaterThanOrEqual(c[k - 1]);
      expect(1 + ck * 0.95).toBeGreaterThanOrEqual(0.1 - 1e-12);
      expect(1 - ck * 0.05).toBeGreaterThanOrEqual(0.1 - 1e-12);
    });
  });

  it('has expectation 1 per request under equal laws and at most 1 when the candidate is faster', () => {
    const rho = 0.05;
    const c = stakes(seenBet(), rho);
    const expected = (g: number[], b: number[]): number =>
      g.reduce((sum, gk, k) => sum + rho * gk * (1 + c[k] * (1 - rho)) + (1 - rho) * b[k] * (1 - c[k] * rho), 0);
    const b = [0.5, 0.4, 0.09, 0.01];
    expect(expected(b, b)).toBeCloseTo(1, 12);
    expect(expected([0.6, 0.35, 0.05, 0], b)).toBeLessThanOrEqual(1);
    expect(expected([0.5, 0.45, 0.05, 0], b)).toBeLessThanOrEqual(1);
  });

  it('rolls back a heavier tail seen through histogram counts', () => {
    const slow = over(100, [
      [80, 50],
      [150, 14],
      [250, 3],
    ]);
    const out = sequentialJudge({ samples: repeat(30, sample(slow, blue)), policy, final: false });
    expect(out.verdict).toMatchObject({ kind: 'fail', rule: 'harm.latency' });
    expect(out.verdict.evidence).toMatchObject({ latency: { source: 'request-level', test: 'bucket bet' } });
    const buckets = (out.verdict.evidence.latency as { bucketBet: { buckets: { stake: number }[] } }).bucketBet.buckets;
    expect(buckets.map((b) => b.stake)).toEqual([...buckets.map((b) => b.stake)].sort((a, b) => a - b));
  });

  it('never rolls back a faster candidate for latency', () => {
    const fast = over(100, [
      [80, 30],
      [150, 4],
      [250, 0],
    ]);
    const out = sequentialJudge({ samples: repeat(200, sample(fast, blue)), policy, final: false });
    expect(out.verdict.rule).not.toBe('harm.latency');
    expect((out.state as { latencyBet: LatencyBet }).latencyBet.logEMax).toBeLessThan(Math.log(40));
  });

  it('goes on from a state saved before the bucket bet existed', () => {
    const first = sequentialJudge({ samples: repeat(2, sample(blue, blue)), policy, final: false });
    const { latencyBet: _dropped, ...old } = first.state as Record<string, unknown>;
    const out = sequentialJudge({ samples: [sample(blue, blue)], policy, state: old as JudgeState, final: false });
    expect(out.verdict.kind).toBe('continue');
  });

  it('rolls back at most about alpha of good releases on seeded streams', () => {
    const s0 = { ...loadScenarios(join(__dirname, '../../../bench/scenarios/s0-good.json'))[0], durationS: 300 };
    let crossed = 0;
    const runs = 150;
    for (let seed = 1; seed <= runs; seed++) {
      const run = simulate(s0, seed, 5);
      let bet = newLatencyBet();
      for (let t = 0; t < run.seconds && bet.logEMax < Math.log(40); t++) {
        bet = updateLatencyBet(bet, tickCounts(run, 'green', t), tickCounts(run, 'blue', t), 0.05);
      }
      if (bet.logEMax >= Math.log(40)) crossed++;
    }
    // Ville: at most 2.5 %; 150 runs put three standard errors at about 3.8 points.
    expect(crossed / runs).toBeLessThan(0.025 + 0.038);
  });
});
