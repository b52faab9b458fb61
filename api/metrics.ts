// Prometheus metrics: HTTP requests and latency, API actions as counters, and rollouts by state, last gate verdict and
// rollback cause, counted on scrape from visibility over the rollouts Temporal still holds (cached briefly).
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RolloutCounts } from './rollout-listing';

export type SnapshotSource = () => Promise<RolloutCounts>;

const EMPTY: RolloutCounts = { byState: {}, verdicts: {}, rollbacksByCause: {} };

export function createMetrics(source: SnapshotSource, cacheMs = 10_000) {
  const registry = new Registry();
  let cached: { at: number; value: Promise<RolloutCounts>; pending: boolean } | undefined;
  // One scrape's gauges share one set of counts, even uncached (cacheMs 0): reused while still pending.
  const snapshot = () => {
    if (!cached || (!cached.pending && Date.now() - cached.at > cacheMs)) {
      const entry = { at: Date.now(), pending: true, value: source().catch(() => EMPTY) };
      void entry.value.finally(() => (entry.pending = false));
      cached = entry;
    }
    return cached.value;
  };
  const fromSnapshot = (
    name: string,
    help: string,
    label: string,
    pick: (s: RolloutCounts) => Record<string, number>,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [key, value] of Object.entries(pick(await snapshot()))) this.set({ [label]: key }, value);
      },
    });
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route'],
      registers: [registry],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    rolloutsStarted: new Counter({
      name: 'rollouts_started_total',
      help: 'Rollouts started through this API',
      labelNames: ['source'],
      registers: [registry],
    }),
    controls: new Counter({
      name: 'rollout_controls_total',
      help: 'Controls sent to rollouts',
      labelNames: ['action', 'outcome'],
      registers: [registry],
    }),
    rollbacksRequested: new Counter({
      name: 'rollbacks_requested_total',
      help: 'Rollbacks requested through this API',
      labelNames: ['cause'],
      registers: [registry],
    }),
    rollouts: fromSnapshot('rollouts', 'Rollouts retained by Temporal, by state', 'state', (s) => s.byState),
    gateVerdicts: fromSnapshot(
      'rollout_gate_verdicts',
      'Retained rollouts by the kind of their last gate verdict',
      'verdict',
      (s) => s.verdicts,
    ),
    rollbacks: fromSnapshot(
      'rollout_rollbacks',
      'Rolled-back rollouts retained by Temporal, by cause',
      'cause',
      (s) => s.rollbacksByCause,
    ),
  };
}

export type ApiMetrics = ReturnType<typeof createMetrics>;

/** Counts and times every request by its route pattern (never the raw path, which would explode the labels). */
export function httpMetrics(metrics: ApiMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route =
        (req.route?.path as string | undefined) ?? (res.statusCode === 404 ? 'unmatched' : req.baseUrl || 'unmatched');
      end({ method: req.method, route });
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
