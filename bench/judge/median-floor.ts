// The median floor: the fewest green requests m by which any judge whose false-rollback rate is at most alpha can
// roll back half the seeds of a bad scenario. Wald's floor bounds the MEAN; the goals compare MEDIANS, which a test
// tuned for one sample size can push below it, so only this bound says which median targets no judge can reach.
import { errorRateAt } from './simulate';
import { shareAt, type Scenario } from './scenario';

/** log P(X = k) for k = 0..kMax, X ~ Binomial(n, p), by the pmf's recurrence in log space. */
function logBinomialPmf(n: number, p: number, kMax: number): Float64Array {
  const out = new Float64Array(kMax + 1);
  out[0] = n * Math.log1p(-p);
  const step = Math.log(p) - Math.log1p(-p);
  for (let k = 0; k < kMax; k++) out[k + 1] = out[k] + Math.log(n - k) - Math.log(k + 1) + step;
  return out;
}

/**
 * Power at p1 of the most powerful level-alpha test of "rate = p0" on n Bernoulli outcomes (Neyman–Pearson: the
 * randomized upper-tail test on the error count). No test of the same level has more power, sequential or not.
 */
export function neymanPearsonPower(n: number, p0: number, p1: number, alpha: number): number {
  const kMax = Math.min(n, Math.ceil(n * Math.max(p0, p1) + 12 * Math.sqrt(n * Math.max(p0, p1)) + 20));
  const [f0, f1] = [logBinomialPmf(n, p0, kMax), logBinomialPmf(n, p1, kMax)];
  let [tail0, below1, c] = [1, 0, 0];
  while (tail0 > alpha && c <= kMax) {
    tail0 -= Math.exp(f0[c]);
    below1 += Math.exp(f1[c]);
    c++;
  }
  // Now P0(X ≥ c) ≤ alpha < P0(X ≥ c − 1): reject above c − 1, and at c − 1 with the probability that spends the rest.
  const gamma = (alpha - Math.max(0, tail0)) / Math.exp(f0[c - 1]);
  return Math.min(1, 1 - below1 + gamma * Math.exp(f1[c - 1]));
}

/** Where the floor applies: a bad scenario whose only difference is green's error rate, with no incidents. */
function errorOnly(s: Scenario): boolean {
  const same = s.green.latencyMs.median === s.blue.latencyMs.median && s.green.latencyMs.p99 === s.blue.latencyMs.p99;
  return s.bad && same && !s.green.tailShift && !s.blue.tailShift && s.incidents.length === 0 && s.blue.errorRate > 0;
}

/** Green requests per second at the lowest load and smallest share the scenario has (the slowest the m-th can arrive). */
function greenPerSecond(s: Scenario): number {
  const shares = typeof s.greenShare === 'number' ? [s.greenShare] : s.greenShare.map((x) => x.share);
  return s.rps * (1 - (s.rpsCycle?.amplitude ?? 0)) * Math.min(...shares);
}

/**
 * The largest green error rate over its first m requests. The m-th arrives before (m + 5√m) / rate seconds but for
 * a chance below 1e-6 (Poisson arrivals). With a drifting rate, a stationary green at that largest rate is at least as
 * informative (Blackwell: Bern(p) is Bern(p̄) garbled towards Bern(p0)), so its power bounds the drifting one's.
 */
function largestGreenRate(s: Scenario, m: number): number {
  const t = (m + 5 * Math.sqrt(m)) / greenPerSecond(s);
  return Math.max(errorRateAt(s, 'green', 0), errorRateAt(s, 'green', t));
}

/**
 * Any rollback rule seen at green request m is a test of "green = blue" on what it has seen, and blue's data tells
 * nothing about green beyond blue's rate, taken here as known. Its power is at most the Neyman–Pearson power; a
 * median at or below m needs that power to reach 1/2. Null where the scenario is not error-only, or where no m up
 * to 100× the run's green requests gets there.
 */
export function medianFloor(s: Scenario, alpha: number): number | null {
  if (!errorOnly(s)) return null;
  const p0 = s.blue.errorRate;
  const enough = (m: number): boolean => {
    const p1 = largestGreenRate(s, m);
    return p1 > p0 && neymanPearsonPower(m, p0, p1, alpha) >= 0.5;
  };
  const cap = 100 * greenPerSecond(s) * s.durationS;
  let hi = 1;
  while (!enough(hi)) if ((hi *= 2) > cap) return null;
  let lo = Math.floor(hi / 2) + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (enough(mid)) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}

/** A judge fed one-minute aggregates acts only at minute ends: the floor, rounded up to whole minutes of green traffic. */
export function medianFloorAtMinutes(s: Scenario, alpha: number): number | null {
  const m = medianFloor(s, alpha);
  if (m === null) return null;
  const perMinute = 60 * s.rps * shareAt(s, 0);
  return Math.ceil(m / perMinute) * perMinute;
}
