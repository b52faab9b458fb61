// Prometheus metrics: HTTP requests and latency, API actions as counters, and rollouts by state, gate verdicts and
// rollbacks by cause computed on scrape from the rollouts Temporal still holds (cached briefly).
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RolloutStatus } from '../domain/status';

export interface RolloutSnapshot {
  byState: Record<string, number>;
  verdicts: Record<string, number>;
  rollbacksByCause: Record<string, number>;
}

export type SnapshotSource = () => Promise<RolloutStatus[]>;

export function summarizeStatuses(statuses: RolloutStatus[]): RolloutSnapshot {
  const snapshot: RolloutSnapshot = { byState: {}, verdicts: {}, rollbacksByCause: {} };
  const bump = (map: Record<string, number>, key: string) => {
    map[key] = (map[key] ?? 0) + 1;
  };
  for (const status of statuses) {
    bump(snapshot.byState, status.state);
    for (const gate of status.gates) bump(snapshot.verdicts, gate.verdict.kind);
    for (const stage of status.folded?.stages ?? []) {
      for (const [kind, count] of Object.entries(stage.counts))
        snapshot.verdicts[kind] = (snapshot.verdicts[kind] ?? 0) + count;
    }
    // status.rollback stays when rollback.started has folded out of the event list.
    const started = status.rollback ?? status.events.find((e) => e.type === 'rollback.started');
    if (started) bump(snapshot.rollbacksByCause, rollbackCause(started.actor));
  }
  return snapshot;
}

/** alert:* → alert, system* → gate (the workflow decided), anyone else → manual. */
export function rollbackCause(actor: string): 'alert' | 'gate' | 'manual' {
  if (actor.startsWith('alert:')) return 'alert';
  if (actor === 'system' || actor.startsWith('system:')) return 'gate';
  return 'manual';
}

export function createMetrics(source: SnapshotSource, cacheMs = 10_000) {
  const registry = new Registry();
  let cached: { at: number; value: Promise<RolloutSnapshot> } | undefined;
  const snapshot = () => {
    if (!cached || Date.now() - cached.at > cacheMs) {
      cached = {
        at: Date.now(),
        value: source()
          .then(summarizeStatuses)
          .catch(() => ({ byState: {}, verdicts: {}, rollbacksByCause: {} })),
      };
    }
    return cached.value;
  };
  const fromSnapshot = (
    name: string,
    help: string,
    label: string,
    pick: (s: RolloutSnapshot) => Record<string, number>,
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
      'Gate verdicts of retained rollouts, by kind',
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
