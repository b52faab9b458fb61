// The seeded traffic simulator: per-second ticks (arrivals, routing, errors, latency-bound exceedances) and
// per-minute aggregates with exact order-statistic percentiles, from independent streams per component, so every
// judge sees the same stream for a given (scenario, seed).
import { latencyLaw, type LatencyLaw } from './latency-law';
import { beta, binomial, createRng, poisson, type Rng } from './rng';
import { rpsAt, shareAt, type Scenario } from './scenario';

/** Latency histogram bounds a source would export (request-level detail), in ms. */
export const BOUNDS_MS = [50, 80, 100, 125, 150, 200, 250, 300, 400, 500, 1000];
export const PCT_QUANTILES = [0.5, 0.9, 0.95, 0.99];
export type ArmName = 'blue' | 'green';

export interface ArmSeries {
  n: Int32Array;
  errors: Int32Array;
}
export interface ArmMinutes extends ArmSeries {
  /** [minute * 4 + q] for q in PCT_QUANTILES; NaN without requests. */ pct: Float64Array;
}

export interface SimRun {
  seconds: number;
  ticks: { green: ArmSeries; blue: ArmSeries; /** [tick * BOUNDS + j] */ overGreen: Int32Array; overBlue: Int32Array };
  minutes: { green: ArmMinutes; blue: ArmMinutes };
}

export function errorRateAt(s: Scenario, armName: ArmName, t: number): number {
  let p = s[armName].errorRate;
  if (armName === 'green' && s.greenRamp) p += (s.greenRamp.errorRate - p) * Math.min(1, t / s.greenRamp.overS);
  for (const inc of s.incidents) {
    if (t >= inc.startS && t < inc.endS && inc.deployments.includes(armName)) p = 1 - (1 - p) * (1 - inc.errorRate);
  }
  return p;
}

export function latencyFactorAt(s: Scenario, armName: ArmName, t: number): number {
  let f = 1;
  for (const inc of s.incidents)
    if (t >= inc.startS && t < inc.endS && inc.deployments.includes(armName)) f *= inc.latencyFactor;
  return f;
}

/** Laws cached per (arm, factor): incidents change the factor only at their edges. */
export function lawCache(s: Scenario): (armName: ArmName, t: number) => LatencyLaw {
  const cache = new Map<string, LatencyLaw>();
  return (armName, t) => {
    const f = latencyFactorAt(s, armName, t);
    const key = `${armName}/${f}`;
    let law = cache.get(key);
    if (!law) cache.set(key, (law = latencyLaw(s[armName], f)));
    return law;
  };
}

function exceedances(rng: Rng, n: number, law: LatencyLaw, out: Int32Array, offset: number): void {
  let above = n;
  let prevS = 1;
  for (let j = 0; j < BOUNDS_MS.length; j++) {
    const sj = law.survival(BOUNDS_MS[j]);
    above = above > 0 ? binomial(rng, above, prevS > 0 ? sj / prevS : 0) : 0;
    out[offset + j] = above;
    prevS = sj;
  }
}

/** Exact joint order statistics: the k-th of n uniforms is Beta(k, n−k+1), the next ones conditionally after it. */
function percentiles(rng: Rng, n: number, law: LatencyLaw, out: Float64Array, offset: number): void {
  let u = 0;
  let k = 0;
  PCT_QUANTILES.forEach((q, i) => {
    if (n <= 0) return void (out[offset + i] = NaN);
    const next = Math.max(1, Math.ceil(q * n));
    if (next > k) u += (1 - u) * beta(rng, next - k, n - next + 1);
    k = next;
    out[offset + i] = law.quantile(Math.min(u, 1 - 1e-12));
  });
}

const armSeries = (len: number): ArmSeries => ({ n: new Int32Array(len), errors: new Int32Array(len) });
const armMinutes = (len: number): ArmMinutes => ({ ...armSeries(len), pct: new Float64Array(len * 4) });

/** Ticks cover the scenario's duration; minutes cover `minutesTotal` (longer for Kayenta's 3-hour lifetime). */
export function simulate(s: Scenario, seed: number, minutesTotal: number): SimRun {
  const rng = {
    arrivals: createRng(s.name, seed, 'arrivals'),
    routing: createRng(s.name, seed, 'routing'),
    errors: createRng(s.name, seed, 'errors'),
    latency: createRng(s.name, seed, 'latency'),
    pct: createRng(s.name, seed, 'percentiles'),
  };
  const law = lawCache(s);
  const T = s.durationS;
  const B = BOUNDS_MS.length;
  const ticks = {
    green: armSeries(T),
    blue: armSeries(T),
    overGreen: new Int32Array(T * B),
    overBlue: new Int32Array(T * B),
  };
  const minutes = { green: armMinutes(minutesTotal), blue: armMinutes(minutesTotal) };
  for (let t = 0; t < T; t++) {
    const total = poisson(rng.arrivals, rpsAt(s, t));
    const nG = binomial(rng.routing, total, shareAt(s, t));
    const counts = { green: nG, blue: total - nG };
    for (const a of ['green', 'blue'] as const) {
      ticks[a].n[t] = counts[a];
      ticks[a].errors[t] = binomial(rng.errors, counts[a], errorRateAt(s, a, t));
      exceedances(rng.latency, counts[a], law(a, t), a === 'green' ? ticks.overGreen : ticks.overBlue, t * B);
      minutes[a].n[Math.floor(t / 60)] += counts[a];
      minutes[a].errors[Math.floor(t / 60)] += ticks[a].errors[t];
    }
  }
  for (let m = Math.floor(T / 60); m < minutesTotal; m++) {
    const t = m * 60;
    let mean = 0;
    for (let k = 0; k < 60; k++) mean += rpsAt(s, t + k);
    const total = poisson(rng.arrivals, mean);
    const nG = binomial(rng.routing, total, shareAt(s, t));
    for (const [a, n] of [
      ['green', nG],
      ['blue', total - nG],
    ] as const) {
      minutes[a].n[m] = n;
      minutes[a].errors[m] = binomial(rng.errors, n, errorRateAt(s, a, t));
    }
  }
  for (let m = 0; m < minutesTotal; m++) {
    for (const a of ['green', 'blue'] as const)
      percentiles(rng.pct, minutes[a].n[m], law(a, m * 60), minutes[a].pct, m * 4);
  }
  return { seconds: T, ticks, minutes };
}

/** Percentiles of a longer window (Argo's 5-minute measurements), drawn from the same law on their own stream. */
export function windowPercentiles(
  s: Scenario,
  seed: number,
  run: SimRun,
  a: ArmName,
  fromMin: number,
  toMin: number,
): number[] {
  const rng = createRng(s.name, seed, `window/${a}/${fromMin}/${toMin}`);
  let n = 0;
  for (let m = fromMin; m < toMin; m++) n += run.minutes[a].n[m];
  const out = new Float64Array(4);
  percentiles(rng, n, lawCache(s)(a, fromMin * 60), out, 0);
  return Array.from(out);
}
