// The conditional event-label e-process: given a bad event, was it served by the candidate? Under "candidate no worse
// than m × baseline" the label is green with probability at most θ(ρ, m) = ρm / (ρm + 1 − ρ), whatever the load: the
// common rate cancels on conditioning (Lindon & Malek, Anytime-Valid Inference for Multinomial Count Data, NeurIPS
// 2022, arXiv:2011.03567).
// State is plain JSON: log accumulators per grid point, so it survives continue-as-new.

export interface LabelProcess {
  /** Harm test, log of Σ_s w_s Π LR_k per grid ratio: a mixture over start times (the restart rule). */
  harm: number[];
  /** Largest log e-value the harm test has reached: its anytime p-value is exp(-harmMax). */
  harmMax: number;
  /** Safety test (null: ratio ≥ mBad), log likelihood ratio per grid ratio, started once. */
  safe: number[];
  /** Bad events seen on each side (may be fractional for estimated latency events). */
  green: number;
  blue: number;
}

export interface LabelConfig {
  /** Harm null ratio m (1 = no worse than the baseline) and its alternatives. */
  tolerance: number;
  harmGrid: number[];
  /** Prior weight of each harm grid ratio (sums to 1); uniform when absent. */
  harmWeights?: number[];
  /** Safety null ratio m_bad and its alternatives (below m_bad). */
  badRatio: number;
  safeGrid: number[];
  /** Prior weight of the process started at time 0; the rest goes to later restarts. */
  initialWeight: number;
}

const CLAMP = 1e-12;

/** P(a bad event came from the candidate) when the candidate's rate is r × the baseline's and its share is rho. */
export function theta(rho: number, r: number): number {
  const t = (rho * r) / (rho * r + 1 - rho);
  return Math.min(1 - CLAMP, Math.max(CLAMP, t));
}

export function logSpace(lo: number, hi: number, count: number): number[] {
  if (count === 1) return [lo];
  const step = (Math.log(hi) - Math.log(lo)) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.exp(Math.log(lo) + i * step));
}

export function logSumExp(xs: number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

export function newLabelProcess(cfg: LabelConfig): LabelProcess {
  return {
    harm: cfg.harmGrid.map(() => Math.log(cfg.initialWeight)),
    harmMax: Math.log(cfg.initialWeight),
    safe: cfg.safeGrid.map(() => 0),
    green: 0,
    blue: 0,
  };
}

/** Per-event log likelihood ratios (green event, blue event) per grid ratio, cached per share: shares repeat. */
type Ratios = { green: number[]; blue: number[] };
const ratioCache = new WeakMap<number[], Map<string, Ratios>>();

function ratios(rho: number, grid: number[], nul: number): Ratios {
  let byRho = ratioCache.get(grid);
  if (!byRho) ratioCache.set(grid, (byRho = new Map()));
  const key = `${rho}/${nul}`;
  let r = byRho.get(key);
  if (!r) {
    const t0 = theta(rho, nul);
    r = {
      green: grid.map((alt) => Math.log(theta(rho, alt) / t0)),
      blue: grid.map((alt) => Math.log((1 - theta(rho, alt)) / (1 - t0))),
    };
    if (byRho.size > 64) byRho.clear();
    byRho.set(key, r);
  }
  return r;
}

/** Log e-value of the harm test: the prior-weighted average over grid ratios (uniform by default) of the start-time mixtures. */
export function harmLogE(p: LabelProcess, weights?: number[]): number {
  if (!weights) return logSumExp(p.harm) - Math.log(p.harm.length);
  return logSumExp(p.harm.map((x, k) => x + Math.log(weights[k])));
}

export function safeLogE(p: LabelProcess): number {
  return logSumExp(p.safe) - Math.log(p.safe.length);
}

/** Starts a restarted copy of the harm test with prior weight w (a start time fixed before the data it judges). */
export function addRestart(p: LabelProcess, weight: number): LabelProcess {
  const lw = Math.log(weight);
  return { ...p, harm: p.harm.map((x) => logSumExp([x, lw])) };
}

/** g candidate and b baseline bad events, all routed while the candidate's share was rho. */
export function updateLabelProcess(p: LabelProcess, g: number, b: number, rho: number, cfg: LabelConfig): LabelProcess {
  if (g + b <= 0 || !(rho > 0 && rho < 1)) return p;
  const h = ratios(rho, cfg.harmGrid, cfg.tolerance);
  const sf = ratios(rho, cfg.safeGrid, cfg.badRatio);
  const harm = p.harm.map((x, k) => x + g * h.green[k] + b * h.blue[k]);
  const safe = p.safe.map((x, k) => x + g * sf.green[k] + b * sf.blue[k]);
  const next = { harm, harmMax: p.harmMax, safe, green: p.green + g, blue: p.blue + b };
  return { ...next, harmMax: Math.max(p.harmMax, harmLogE(next, cfg.harmWeights)) };
}
