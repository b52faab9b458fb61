// The watch's statistics: an upper confidence bound on the baseline's error rate from its history in this rollout,
// and a one-sample e-process testing the promoted candidate's error rate against that bound (Ville's inequality).
import { errorRate, meanP99, type ArmTotals } from './totals';

/** Error-rate ratios over the bound the mixture bets on (equal weights): any set above 1 keeps the test valid. */
export const WATCH_RATIOS = [1.5, 2, 3, 5, 10] as const;
/** Without a plan limit, the candidate's mean p99 may be this many times the baseline's history. */

/** Bernoulli KL divergence kl(p ‖ q), with the 0·log 0 = 0 convention. */
function kl(p: number, q: number): number {
  const term = (a: number, b: number) => (a === 0 ? 0 : a * Math.log(a / b));
  return term(p, q) + term(1 - p, 1 - q);
}

/**
 * Chernoff upper confidence bound on a Bernoulli rate: the largest q ≥ errors/requests with requests·kl(p̂ ‖ q) ≤
 * ln(1/δ). P(true rate > bound) ≤ δ for any true rate. Bisection: kl(p̂ ‖ q) grows with q above p̂.
 */
export function rateUpperBound(errors: number, requests: number, delta: number): number {
  if (requests <= 0) return 1;
  const p = errors / requests;
  const budget = Math.log(1 / delta) / requests;
  let lo = p;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (kl(p, mid) > budget) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Log of the mixture e-value against H0 "the candidate's error rate is at most p0", after `errors` in `requests`.
 * Each component's likelihood ratio (p1/p0)^x ((1−p1)/(1−p0))^(n−x) with p1 > p0 has expectation at most 1 per
 * request under every rate ≤ p0, so the mixture is a test supermartingale: it reaches 1/a with probability ≤ a.
 */
export function watchLogE(errors: number, requests: number, p0: number): number {
  if (requests <= 0 || !(p0 > 0 && p0 < 1)) return 0;
  const logs = WATCH_RATIOS.map((r) => {
    const p1 = Math.min(r * p0, (1 + p0) / 2);
    return errors * Math.log(p1 / p0) + (requests - errors) * Math.log((1 - p1) / (1 - p0));
  });
  const top = Math.max(...logs);
  return top + Math.log(logs.reduce((sum, l) => sum + Math.exp(l - top), 0) / logs.length);
}

export interface WatchErrorTest {
  /** The baseline's historical rate, its upper bound at level alpha/4, and the null rate (bound + allowed increase). */
  baselineRate: number;
  baselineUpper: number;
  nullRate: number;
  logE: number;
  threshold: number;
  fires: boolean;
}

/**
 * The watch's error test at total level alpha/2: alpha/4 on the bound (the baseline's true rate is above it), alpha/4
 * on the e-process (a candidate no worse than that rate crosses 4/alpha). `allowed`: the plan's maxErrorRateIncrease.
 */
export function watchErrorTest(candidate: ArmTotals, history: ArmTotals, alpha: number, allowed = 0): WatchErrorTest {
  const baselineUpper = rateUpperBound(history.errors, history.requests, alpha / 4);
  const nullRate = Math.min(baselineUpper + allowed, 1);
  const logE = watchLogE(candidate.errors, candidate.requests, nullRate);
  const threshold = Math.log(4 / alpha);
  return { baselineRate: errorRate(history) ?? 0, baselineUpper, nullRate, logE, threshold, fires: logE >= threshold };
}

export interface WatchLatencyCheck {
  candidateP99Ms: number;
  baselineP99Ms: number;
  limitMs: number;
  breached: boolean;
}

/**
 * The candidate's mean p99 against the baseline's history plus the plan's maxP99LatencyIncreaseMs. Undefined without
 * that limit (a point comparison of noisy per-grain p99s has no error guarantee, so it is the plan's choice) or when
 * either side has no latency series.
 */
export function watchLatencyCheck(
  candidate: ArmTotals,
  history: ArmTotals,
  maxIncreaseMs: number | undefined,
): WatchLatencyCheck | undefined {
  if (maxIncreaseMs === undefined) return undefined;
  const cand = meanP99(candidate);
  const base = meanP99(history);
  if (cand === undefined || base === undefined) return undefined;
  const limitMs = base + maxIncreaseMs;
  return { candidateP99Ms: cand, baselineP99Ms: base, limitMs, breached: cand > limitMs };
}
