// Latency as bad events: a request slower than a baseline quantile τ_j, judged by the same label e-process as errors
// (a p99 regression is a higher rate of exceeding the baseline's p99). τ_j comes only from
// baseline data of EARLIER intervals, so it is fixed before the requests it judges. Two sources of counts:
// exact, from request-level `latencyOver` bounds; or estimated, from Azure Monitor's per-interval percentiles.
import type { DeploymentCounts, IntervalSample } from '../domain/verdict';

/** The baseline quantiles used as thresholds: p50, p90, p99. */
export const LATENCY_QUANTILES = [0.5, 0.9, 0.99] as const;

export interface LatencyHistory {
  /** Baseline requests behind `overCounts`, and baseline requests slower than each bound of `overBounds` (ms). */
  overRequests: number;
  overBounds: number[];
  overCounts: number[];
  /** Bounds chosen as thresholds per quantile, and the baseline requests they were chosen on. */
  chosen: (number | null)[];
  chosenAt: number;
  /** Request-weighted sums of the baseline's reported percentiles, and their weights. */
  pctSum: number[];
  pctWeight: number[];
}

export interface LatencyEvents {
  source: 'request-level' | 'percentiles';
  thresholdMs: number;
  green: number;
  blue: number;
}

export const emptyLatencyHistory = (): LatencyHistory => ({
  overRequests: 0,
  overBounds: [],
  overCounts: [],
  chosen: LATENCY_QUANTILES.map(() => null),
  chosenAt: 0,
  pctSum: LATENCY_QUANTILES.map(() => 0),
  pctWeight: LATENCY_QUANTILES.map(() => 0),
});

const percentileOf = (c: DeploymentCounts, q: number): number | undefined =>
  q === 0.5 ? c.latencyP50Ms : q === 0.9 ? c.latencyP90Ms : q === 0.99 ? c.latencyP99Ms : undefined;

function addOver(
  h: LatencyHistory,
  base: DeploymentCounts,
): Pick<LatencyHistory, 'overRequests' | 'overBounds' | 'overCounts'> {
  const over = base.latencyOver;
  if (!over || base.requests <= 0) return h;
  const same = over.length === h.overBounds.length && over.every((o, i) => o.ms === h.overBounds[i]);
  if (same)
    return {
      overRequests: h.overRequests + base.requests,
      overBounds: h.overBounds,
      overCounts: h.overCounts.map((c, i) => c + over[i].count),
    };
  const merged = new Map(h.overBounds.map((ms, i) => [ms, h.overCounts[i]] as const));
  for (const o of over) merged.set(o.ms, (merged.get(o.ms) ?? 0) + o.count);
  const bounds = [...merged.keys()].sort((a, b) => a - b);
  return {
    overRequests: h.overRequests + base.requests,
    overBounds: bounds,
    overCounts: bounds.map((b) => merged.get(b) as number),
  };
}

/** Re-chooses request-level thresholds only when the baseline data behind them has grown by a quarter. */
function rechoose(h: LatencyHistory): Pick<LatencyHistory, 'chosen' | 'chosenAt'> {
  const stale = h.overRequests >= 1.25 * h.chosenAt || h.chosen.some((c) => c === null);
  if (!stale || h.overRequests === 0) return h;
  return { chosen: LATENCY_QUANTILES.map((q) => boundFor(h, q) ?? null), chosenAt: h.overRequests };
}

export function addToHistory(h: LatencyHistory, base: DeploymentCounts): LatencyHistory {
  const pctSum = [...h.pctSum];
  const pctWeight = [...h.pctWeight];
  LATENCY_QUANTILES.forEach((q, j) => {
    const v = percentileOf(base, q);
    if (v !== undefined && Number.isFinite(v) && base.requests > 0) {
      pctSum[j] += v * base.requests;
      pctWeight[j] += base.requests;
    }
  });
  const next = { ...h, ...addOver(h, base), pctSum, pctWeight };
  return { ...next, ...rechoose(next) };
}

/** The bound whose baseline exceedance share is closest (in log) to 1 − q, once enough baseline requests back it. */
function boundFor(h: LatencyHistory, q: number): number | undefined {
  const target = 1 - q;
  if (h.overRequests * target < 20) return undefined;
  let best: number | undefined;
  let bestGap = Infinity;
  h.overBounds.forEach((ms, i) => {
    const count = h.overCounts[i];
    const gap = count > 0 ? Math.abs(Math.log(count / h.overRequests / target)) : Infinity;
    if (gap < bestGap) [best, bestGap] = [ms, gap];
  });
  return best;
}

const overAt = (c: DeploymentCounts, ms: number): number | undefined => c.latencyOver?.find((o) => o.ms === ms)?.count;

/** Share of an arm's requests slower than x, log-linear through its reported percentiles (needs at least two). */
export function survivalAt(c: DeploymentCounts, x: number): number | undefined {
  const known: [number | undefined, number][] = [
    [c.latencyP50Ms, 0.5],
    [c.latencyP90Ms, 0.1],
    [c.latencyP95Ms, 0.05],
    [c.latencyP99Ms, 0.01],
  ];
  const pts: { v: number; ls: number }[] = [];
  for (const [v, share] of known) if (v !== undefined && Number.isFinite(v)) pts.push({ v, ls: Math.log(share) });
  if (pts.length < 2) return undefined;
  let i = 0;
  while (i < pts.length - 2 && x > pts[i + 1].v) i++;
  const [a, b] = [pts[i], pts[i + 1]];
  if (b.v <= a.v) return x < b.v ? Math.exp(a.ls) : Math.exp(b.ls);
  const ls = a.ls + ((x - a.v) / (b.v - a.v)) * (b.ls - a.ls);
  return Math.min(1, Math.exp(ls));
}

/** Bad latency events of one interval per quantile j (undefined where no threshold or no data yet). */
export function latencyEvents(h: LatencyHistory, s: IntervalSample): (LatencyEvents | undefined)[] {
  return LATENCY_QUANTILES.map((q, j) => {
    const bound = h.chosen[j];
    if (bound !== null) {
      const green = overAt(s.candidate, bound);
      const blue = overAt(s.baseline, bound);
      if (green !== undefined && blue !== undefined)
        return { source: 'request-level', thresholdMs: bound, green, blue };
    }
    if (h.pctWeight[j] <= 0) return undefined;
    const tau = h.pctSum[j] / h.pctWeight[j];
    const sg = survivalAt(s.candidate, tau);
    const sb = survivalAt(s.baseline, tau);
    if (sg === undefined || sb === undefined) return undefined;
    return {
      source: 'percentiles',
      thresholdMs: tau,
      green: sg * s.candidate.requests,
      blue: sb * s.baseline.requests,
    };
  });
}
