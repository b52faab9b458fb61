// Information per green request and Wald's lower bound on the green requests any test with errors (alpha, beta)
// needs, E[N] ≥ ((1−β)·ln((1−β)/α) + β·ln(β/(1−α))) / KL (Wald 1945; Wald & Wolfowitz 1948), with blue known:
// errors plus latency as seen through the histogram bounds.
import { latencyLaw, type LatencyLaw } from './latency-law';
import { BOUNDS_MS } from './simulate';
import type { Scenario } from './scenario';

export const FLOOR_ALPHA = 0.025;
export const FLOOR_BETA = 0.05;

const klBern = (p: number, q: number): number =>
  (p > 0 ? p * Math.log(p / q) : 0) + (p < 1 ? (1 - p) * Math.log((1 - p) / (1 - q)) : 0);

/** Probability of each histogram bucket: ≤ first bound, between bounds, > last bound. */
export function bucketProbs(law: LatencyLaw): number[] {
  const s = BOUNDS_MS.map((b) => law.survival(b));
  return [1 - s[0], ...s.slice(1).map((x, j) => s[j] - x), s[s.length - 1]];
}

export function klPerGreenRequest(s: Scenario): { errors: number; latency: number } {
  const pg = bucketProbs(latencyLaw(s.green));
  const pb = bucketProbs(latencyLaw(s.blue));
  const latency = pg.reduce((sum, p, j) => sum + (p > 0 ? p * Math.log(p / Math.max(pb[j], 1e-300)) : 0), 0);
  return { errors: klBern(s.green.errorRate, s.blue.errorRate), latency };
}

/** Null for good releases and for drifting or incident scenarios, where one stationary KL does not exist. */
export function waldFloor(s: Scenario, alpha = FLOOR_ALPHA, beta = FLOOR_BETA): number | null {
  if (!s.bad || s.greenRamp || s.incidents.length > 0) return null;
  const kl = klPerGreenRequest(s);
  const total = kl.errors + kl.latency;
  if (!(total > 0)) return null;
  const num = (1 - beta) * Math.log((1 - beta) / alpha) + beta * Math.log(beta / (1 - alpha));
  return num / total;
}
