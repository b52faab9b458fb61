// Azure Monitor's ingestion delay: a request's minute becomes visible to metric queries some time after the minute
// ends, with jitter, and request by request, so a minute may first appear with a partial total that later grows (a
// late arrival). Deterministic per request, so two queries at the same instant answer the same.
import type { ServedRequest } from '../types';

/** The metrics clock: the grain every metric is aggregated at, and when each grain's data arrives. */
export interface MetricsClock {
  /** 60 000 as in Azure; shorter only in the emulator's accelerated clock. */
  grainMs: number;
  /** Every request of a grain is visible no earlier than this long after the grain ends. */
  ingestionDelayMs: number;
  /** On top of the delay, each request arrives up to this much later (uniform, per request). */
  ingestionJitterMs: number;
  /**
   * How mirrored copies show in the metrics: 'shadow-deployment' (default) counts them under the shadow deployment's
   * name in the `deployment` dimension; 'excluded' leaves them out. Azure's public material does not settle which
   * (README.md, "Mirrored requests").
   */
  mirrored?: 'shadow-deployment' | 'excluded';
}

export const AZURE_METRICS_CLOCK: MetricsClock = {
  grainMs: 60_000,
  ingestionDelayMs: 60_000,
  ingestionJitterMs: 120_000,
};

/** The accelerated clock for demos and tests: the grain shortened, the delay and jitter in proportion. */
export function acceleratedClock(grainMs: number): MetricsClock {
  const k = grainMs / AZURE_METRICS_CLOCK.grainMs;
  return {
    grainMs,
    ingestionDelayMs: Math.round(AZURE_METRICS_CLOCK.ingestionDelayMs * k),
    ingestionJitterMs: Math.round(AZURE_METRICS_CLOCK.ingestionJitterMs * k),
  };
}

export const grainEnd = (at: number, grainMs: number): number => (Math.floor(at / grainMs) + 1) * grainMs;

/** When a served request is visible to metric queries; `extraDelayMs` is the admin fault's added delay. */
export function visibleAt(r: ServedRequest, clock: MetricsClock, extraDelayMs = 0): number {
  return grainEnd(r.at, clock.grainMs) + clock.ingestionDelayMs + clock.ingestionJitterMs * unitHash(r) + extraDelayMs;
}

/** When a grain's non-request data (capacity) is visible: after the delay, without jitter. */
export function grainVisibleAt(grainStart: number, clock: MetricsClock, extraDelayMs = 0): number {
  return grainStart + clock.grainMs + clock.ingestionDelayMs + extraDelayMs;
}

/** FNV-1a over the request's fields, mapped to [0, 1). */
function unitHash(r: ServedRequest): number {
  const key = `${r.at}|${r.endpoint}|${r.deployment}|${r.status}|${r.latencyMs}|${r.mirrored ? 1 : 0}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}
