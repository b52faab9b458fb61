// The worker's capacity settings (sticky cache, task slots, metrics batching) from the environment, with the
// figures behind each default; bench/README.md ("Worker tuning") has the measurements.
import { z } from 'zod';
import { integer, optional, text, withDefault } from '../domain/config-env';
import { durationMs } from '../domain/duration';

export const tuningEnvFields = {
  /**
   * Workflows kept in the sticky cache. Each costs about 0.55 to 0.9 MiB of worker memory (bench: 478 MiB at 100
   * rollouts, 0.93 to 1.37 GiB peak at 1,000 as contention varies, all cached by the SDK's heap-based default of about
   * 2,300 on a 4 GiB heap), so 1,000 bounds the worker at about 1.4 GiB. Keep it at or above the rollouts one worker carries (add workers beyond): a rollout evicted
   * replays its history on every task and query, and with more live rollouts than slots the cache thrashes (the
   * bench at 1,000 rollouts with 500 slots: workflow tasks over 5 s, an approval timed out).
   */
  WORKER_MAX_CACHED_WORKFLOWS: withDefault(integer(0, 100_000), '1000'),
  /** Workflow tasks run at once (the SDK's default, 40); at most WORKER_MAX_CACHED_WORKFLOWS. */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: withDefault(integer(2, 1_000), '40'),
  /**
   * Activities run at once. Gate reads wait on I/O (and on the metrics batch window), so at 1,000 rollouts reading
   * every minute about 20 are in flight; 200 slots (the SDK's default is 100) keep a rollback's traffic change from
   * queueing behind them.
   */
  WORKER_MAX_CONCURRENT_ACTIVITIES: withDefault(integer(1, 10_000), '200'),
  /**
   * How long a gate read waits for other rollouts' reads of the same minute to share one metrics:getBatch call (up
   * to 50 resources). Default 1s, or a quarter of METRICS_GRAIN when that is shorter; 0 sends each read alone.
   */
  METRICS_BATCH_WINDOW: optional(text().regex(/^\d+(ms|s)$/, "must be a duration like '1s' or '0ms'")),
};

export interface WorkerTuning {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
}

type TuningEnv = z.output<z.ZodObject<typeof tuningEnvFields>>;

export function workerTuning(e: TuningEnv): WorkerTuning {
  return {
    maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
  };
}

export function metricsBatchWindowMs(e: TuningEnv, grainMs: number): number {
  return e.METRICS_BATCH_WINDOW ? durationMs(e.METRICS_BATCH_WINDOW) : Math.min(1000, Math.floor(grainMs / 4));
}
