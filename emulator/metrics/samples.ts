// The one-grain samples a metric is made of, computed from the visible served requests of one bucket.
import type { ServedRequest } from '../types';
import type { SampleKind } from './catalog';
import { grainVisibleAt, type MetricsClock } from './ingestion';
import { percentile } from './percentile';
import type { Bucket } from './timespan';

export interface SampleSource {
  /** Requests of one series with arrival in the bucket, in arrival order. */
  records: ServedRequest[];
  /** Instance count of the deployment (capacity metric). */
  capacity?: number;
  clock: MetricsClock;
  now: number;
  /** The admin fault's added ingestion delay. */
  extraDelayMs: number;
}

/**
 * requests-per-minute: one sample per grain holding at least one request (its count); per-request-latency: one
 * sample per request; latency-percentile: one sample per non-empty grain (the nearest-rank percentile of its
 * latencies); capacity: one sample per visible grain.
 */
export function bucketSamples(kind: SampleKind, bucket: Bucket, src: SampleSource): number[] {
  switch (kind.kind) {
    case 'per-request-latency':
      return src.records.map((r) => r.latencyMs);
    case 'capacity':
      return bucket.grains
        .filter((g) => grainVisibleAt(g.start, src.clock, src.extraDelayMs) <= src.now)
        .map(() => src.capacity ?? 0);
    case 'requests-per-minute':
      return byGrain(bucket, src.records).map((rs) => rs.length);
    case 'latency-percentile':
      return byGrain(bucket, src.records).map(
        (rs) =>
          percentile(
            rs.map((r) => r.latencyMs),
            kind.percentile,
          ) as number,
      );
  }
}

function byGrain(bucket: Bucket, records: ServedRequest[]): ServedRequest[][] {
  const groups: ServedRequest[][] = bucket.grains.map(() => []);
  for (const r of records) {
    const i = bucket.grains.findIndex((g) => r.at >= g.start && r.at < g.end);
    if (i >= 0) groups[i].push(r);
  }
  return groups.filter((g) => g.length > 0);
}
