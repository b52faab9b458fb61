// Latency from request-level sources as one bet over the histogram's buckets: each request stakes its label
// (candidate or baseline) on a bet that does not decrease with its latency bucket. Under "the candidate is no slower
// at any bound" (its share of requests above each bound at most the baseline's), a non-decreasing bet has
// expectation ≤ 1, so the running product is a test supermartingale, however the bets were chosen from the past.
// The bets are a plug-in: the candidate's bucket shares from earlier intervals, shrunk toward the baseline's and made
// non-decreasing. Unlike a few exceedance thresholds, it uses every bucket of the tail at once.
import type { DeploymentCounts } from '../domain/verdict';

export interface LatencyBet {
  /** The source's histogram bounds (ms); buckets are ≤ first bound, between bounds, > last bound. */
  boundsMs: number[];
  /** Requests per bucket so far, candidate and baseline. */
  green: number[];
  blue: number[];
  /** Log of the running product of stakes, and the largest it has reached (its anytime p-value is exp(-max)). */
  logE: number;
  logEMax: number;
}

/** Pseudo-requests pulling the candidate's bucket shares toward the baseline's while its own counts are few. */
export const BET_SHRINKAGE = 100;
/** Keeps every stake at least 10 % of the wealth it risks, so one request never takes the product to zero. */
const MAX_STAKE = 0.9;

export const newLatencyBet = (): LatencyBet => ({ boundsMs: [], green: [], blue: [], logE: 0, logEMax: 0 });

/** Requests per bucket, from the counts slower than each bound; undefined without request-level detail. */
export function bucketCounts(c: DeploymentCounts): { boundsMs: number[]; counts: number[] } | undefined {
  const given = c.latencyOver;
  if (!given || given.length === 0) return undefined;
  const sorted = given.every((o, j) => j === 0 || given[j - 1].ms < o.ms);
  const over = sorted ? given : [...given].sort((a, b) => a.ms - b.ms);
  const counts = new Array<number>(over.length + 1);
  counts[0] = c.requests - over[0].count;
  for (let j = 1; j < over.length; j++) counts[j] = over[j - 1].count - over[j].count;
  counts[over.length] = over[over.length - 1].count;
  return { boundsMs: over.map((o) => o.ms), counts };
}

/** Pool-adjacent-violators: the weighted least-squares non-decreasing fit of y. */
export function nonDecreasing(y: number[], w: number[]): number[] {
  const [value, weight, size] = [[] as number[], [] as number[], [] as number[]];
  for (let i = 0; i < y.length; i++) {
    value.push(y[i]);
    weight.push(w[i]);
    size.push(1);
    let top = value.length - 1;
    while (top > 0 && value[top - 1] > value[top]) {
      const merged = weight[top - 1] + weight[top];
      value[top - 1] = (value[top - 1] * weight[top - 1] + value[top] * weight[top]) / merged;
      weight[top - 1] = merged;
      size[top - 1] += size[top];
      value.pop();
      weight.pop();
      size.pop();
      top--;
    }
  }
  const out: number[] = [];
  for (let b = 0; b < value.length; b++) for (let k = 0; k < size[b]; k++) out.push(value[b]);
  return out;
}

/**
 * The stake per bucket at candidate share rho: c_k = (ψ_k − 1) / (1 + ρ(ψ_k − 1)), ψ_k the estimated ratio of the
 * candidate's bucket share to the baseline's, so a request in bucket k multiplies the product by 1 + c_k(1 − ρ) if it
 * was the candidate's and by 1 − c_kρ if it was the baseline's (the likelihood ratio of its label, were ψ right).
 */
export function stakes(bet: LatencyBet, rho: number): number[] {
  const k = bet.blue.length;
  let ng = 0;
  let nb = 0;
  for (let i = 0; i < k; i++) {
    ng += bet.green[i];
    nb += bet.blue[i];
  }
  if (ng === 0 || nb === 0) return new Array<number>(k).fill(0);
  const raw = new Array<number>(k);
  const weights = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    const pb = (bet.blue[i] + 0.5) / (nb + 0.5 * k);
    const psi = (bet.green[i] + BET_SHRINKAGE * pb) / (ng + BET_SHRINKAGE) / pb;
    raw[i] = (psi - 1) / (1 + rho * (psi - 1));
    weights[i] = bet.green[i] + bet.blue[i] + 1;
  }
  const [lo, hi] = [-MAX_STAKE / (1 - rho), MAX_STAKE / rho];
  return nonDecreasing(raw, weights).map((c) => Math.min(hi, Math.max(lo, c)));
}

const sameBounds = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * One interval, all of it routed at candidate share rho: stake with bets from earlier intervals, then learn from it.
 * An interval without request-level detail on both sides, or with other bounds than the first, is left out.
 */
export function updateLatencyBet(
  bet: LatencyBet,
  candidate: DeploymentCounts,
  baseline: DeploymentCounts,
  rho: number,
): LatencyBet {
  const [g, b] = [bucketCounts(candidate), bucketCounts(baseline)];
  if (!g || !b || !sameBounds(g.boundsMs, b.boundsMs) || !(rho > 0 && rho < 1)) return bet;
  const first = bet.boundsMs.length === 0;
  if (!first && !sameBounds(bet.boundsMs, g.boundsMs)) return bet;
  const start = first
    ? { ...bet, boundsMs: g.boundsMs, green: g.counts.map(() => 0), blue: b.counts.map(() => 0) }
    : bet;
  const c = stakes(start, rho);
  const [green, blue] = [[...start.green], [...start.blue]];
  let logE = start.logE;
  for (let i = 0; i < c.length; i++) {
    logE += g.counts[i] * Math.log(1 + c[i] * (1 - rho)) + b.counts[i] * Math.log(1 - c[i] * rho);
    green[i] += g.counts[i];
    blue[i] += b.counts[i];
  }
  return { boundsMs: start.boundsMs, green, blue, logE, logEMax: Math.max(start.logEMax, logE) };
}
