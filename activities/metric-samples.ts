// Pure assembly of Azure Monitor data points into IntervalSamples: the bucket grid, what counts as an error, and
// how points fold into per-deployment counts. No I/O; activities/metrics.ts does the querying.
import type { DeploymentCounts, IntervalSample } from '../domain/verdict';

export const MINUTE_MS = 60_000;
export const LATENCY_METRICS = [
  'RequestLatency_P50',
  'RequestLatency_P90',
  'RequestLatency_P95',
  'RequestLatency_P99',
] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

const LATENCY_FIELD: Record<LatencyMetric, keyof DeploymentCounts> = {
  RequestLatency_P50: 'latencyP50Ms',
  RequestLatency_P90: 'latencyP90Ms',
  RequestLatency_P95: 'latencyP95Ms',
  RequestLatency_P99: 'latencyP99Ms',
};

/** One data point of one timeseries, with the dimensions it was split by (names lower-cased). */
export interface MetricPoint {
  metric: string;
  at: number;
  dims: Record<string, string>;
  total?: number;
  average?: number;
}

export interface Bucket {
  start: number;
  end: number;
}

/**
 * The metrics provider's clock: Azure Monitor keeps platform metrics as one-minute aggregates (grain PT1M) that
 * arrive some minutes late. A shorter grain is only for the emulator's accelerated clock; the code path is the same.
 */
export interface MetricsSettings {
  grainMs: number;
  /** A grain is read once it ended at least this long ago (the ingestion lag; a plan's metricsLag may raise it). */
  lagMs: number;
}

export const AZURE_METRICS: MetricsSettings = { grainMs: MINUTE_MS, lagMs: 4 * MINUTE_MS };

/** Below this many expected candidate requests, a grain without candidate data may truly have had none. */
export const MISSING_MIN_EXPECTED = 10;

/** The interval asked for: the grain itself, so every point is one grain (PT1M on Azure's clock). */
export function grainInterval(grainMs: number): string {
  return grainMs % MINUTE_MS === 0 ? `PT${grainMs / MINUTE_MS}M` : `PT${grainMs / 1000}S`; // PT0.5S in tests
}

/**
 * Most grains one read takes (6 hours at PT1M, about 150 KB of samples): after a long pause the gates catch up in
 * chunks, oldest first, one chunk per gate, so no activity result nears Temporal's 2 MB payload limit.
 */
export const MAX_READ_GRAINS = 360;

/**
 * The window a gate reads: from the cursor rounded up to a grain boundary to the end of the last grain that ended at
 * least `lagMs` before `nowMs`, at most MAX_READ_GRAINS grains. Undefined when no complete, ingested grain lies after
 * the cursor yet.
 */
export function readWindow(cursorMs: number, nowMs: number, s: MetricsSettings): Bucket | undefined {
  const start = Math.ceil(cursorMs / s.grainMs) * s.grainMs;
  const end = Math.min(Math.floor((nowMs - s.lagMs) / s.grainMs) * s.grainMs, start + MAX_READ_GRAINS * s.grainMs);
  return end > start ? { start, end } : undefined;
}

/** One bucket per grain of the window. */
export function bucketGrid(startMs: number, endMs: number, grainMs: number = MINUTE_MS): Bucket[] {
  const out: Bucket[] = [];
  for (let t = startMs; t < endMs; t += grainMs) out.push({ start: t, end: Math.min(t + grainMs, endMs) });
  return out;
}

/**
 * Errors are what the deployment failed to serve: any 5xx, 408 (request timeout), 424 (the model container failed)
 * and 429 (the deployment is over capacity). Other 4xx (bad input, auth, unknown deployment) are the caller's fault.
 */
export function isErrorStatus(statusCode: string | undefined): boolean {
  const code = Number(statusCode);
  if (!Number.isInteger(code)) return false;
  return code >= 500 || code === 408 || code === 424 || code === 429;
}

function bucketIndex(grid: Bucket[], at: number): number {
  const i = grid.findIndex((b) => at < b.end);
  return i < 0 ? grid.length - 1 : i;
}

function emptyCounts(): DeploymentCounts {
  return { requests: 0, errors: 0 };
}

/** A 4xx the deployment answered that is not a capacity or timeout failure: it refused the input. */
export function isClientErrorStatus(statusCode: string | undefined): boolean {
  const code = Number(statusCode);
  return Number.isInteger(code) && code >= 400 && code < 500 && !isErrorStatus(statusCode);
}

function addPoint(counts: DeploymentCounts, point: MetricPoint): void {
  if (point.metric === 'RequestsPerMinute') {
    const n = point.total ?? 0;
    counts.requests += n;
    if (isErrorStatus(point.dims.statuscode)) counts.errors += n;
    if (isClientErrorStatus(point.dims.statuscode)) counts.clientErrors = (counts.clientErrors ?? 0) + n;
    return;
  }
  const field = LATENCY_FIELD[point.metric as LatencyMetric];
  if (!field || point.average === undefined) return;
  // Two points in one bucket happen only with a misaligned window: keep the worse latency.
  const previous = counts[field] as number | undefined;
  (counts as unknown as Record<string, number>)[field] = Math.max(previous ?? 0, point.average);
}

/** Folds points into one sample per bucket; deployments other than the two compared are ignored. */
export function buildSamples(
  grid: Bucket[],
  points: MetricPoint[],
  names: { baseline: string; candidate: string },
  candidateShare: number,
): IntervalSample[] {
  const samples = grid.map((b) => ({
    start: new Date(b.start).toISOString(),
    end: new Date(b.end).toISOString(),
    candidateShare,
    baseline: emptyCounts(),
    candidate: emptyCounts(),
  }));
  for (const point of points) {
    const deployment = point.dims.deployment;
    const side = deployment === names.baseline ? 'baseline' : deployment === names.candidate ? 'candidate' : undefined;
    if (side) addPoint(samples[bucketIndex(grid, point.at)][side], point);
  }
  return samples;
}

/** Per bucket, whether any RequestsPerMinute point with a value arrived for the deployment. */
export function bucketsWithData(grid: Bucket[], points: MetricPoint[], deployment: string): boolean[] {
  const seen = grid.map(() => false);
  for (const p of points) {
    const data = p.metric === 'RequestsPerMinute' && p.dims.deployment === deployment && p.total !== undefined;
    if (data) seen[bucketIndex(grid, p.at)] = true;
  }
  return seen;
}

/**
 * Which grains a gate may take. A trailing grain in which the candidate had router weight but no data arrived is
 * not yet known: it is held back (the cursor stops before it) until `waitUntilMs`, the end of the bounded wait. After
 * that it is taken, and marked missing when the baseline's traffic says the candidate should have had requests.
 */
export function settleGrains(
  samples: IntervalSample[],
  candidateSeen: boolean[],
  waitUntilMs: number,
): IntervalSample[] {
  let keep = samples.length;
  while (keep > 0) {
    const s = samples[keep - 1];
    if (s.candidateShare === 0 || candidateSeen[keep - 1] || Date.parse(s.end) <= waitUntilMs) break;
    keep -= 1;
  }
  return samples.slice(0, keep).map((s, i) => {
    const expected = s.baseline.requests * s.candidateShare;
    return s.candidateShare > 0 && !candidateSeen[i] && expected >= MISSING_MIN_EXPECTED ? { ...s, missing: true } : s;
  });
}
