// Pure assembly of Azure Monitor data points into IntervalSamples: the bucket grid, what counts as an error, and
// how points fold into per-deployment counts. No I/O; activities/metrics.ts does the querying.
import type { DeploymentCounts, IntervalSample } from '../domain/verdict';

export const MINUTE_MS = 60_000;
export const LATENCY_METRICS = ['RequestLatency_P50', 'RequestLatency_P90', 'RequestLatency_P95', 'RequestLatency_P99'] as const;
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
 * Azure Monitor's grain is one minute. A window shorter than a minute is asked for as one FULL interval; longer
 * windows in PT1M buckets, one sample per minute (the last one may be partial).
 */
export function metricInterval(startMs: number, endMs: number): 'FULL' | 'PT1M' {
  return endMs - startMs < MINUTE_MS ? 'FULL' : 'PT1M';
}

export function bucketGrid(startMs: number, endMs: number): Bucket[] {
  if (metricInterval(startMs, endMs) === 'FULL') return [{ start: startMs, end: endMs }];
  const out: Bucket[] = [];
  for (let t = startMs; t < endMs; t += MINUTE_MS) out.push({ start: t, end: Math.min(t + MINUTE_MS, endMs) });
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

function addPoint(counts: DeploymentCounts, point: MetricPoint): void {
  if (point.metric === 'RequestsPerMinute') {
    const n = point.total ?? 0;
    counts.requests += n;
    if (isErrorStatus(point.dims.statuscode)) counts.errors += n;
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
