// Coalesces the gate reads of many rollouts into Azure Monitor's batch API: reads that ask the same question (same
// subscription, namespace, metric names, window, grain, aggregation, filter, top) within a short window become one
// metrics:getBatch call with up to 50 resource ids, and each read gets its own resource's answer back.
import type { MetricsQueryOptions, MonitorMetric } from '../ports';

/** The batch API's documented cap: up to 50 resource ids per call (same subscription, region and resource type). */
export const MAX_BATCH_RESOURCES = 50;

export interface BatchAnswer {
  resourceId?: string;
  metrics?: MonitorMetric[];
}

/** One metrics:getBatch call: MetricsClient.queryResources. */
export type QueryResources = (
  resourceIds: string[],
  names: string[],
  namespace: string,
  options: MetricsQueryOptions,
) => Promise<BatchAnswer[]>;

export interface BatcherOptions {
  /** How long the first read of a batch waits for others; 0 sends every read alone. */
  windowMs: number;
  /** Resource ids per call, at most MAX_BATCH_RESOURCES. */
  maxResources?: number;
}

interface Waiter {
  resourceId: string;
  resolve(metrics: MonitorMetric[]): void;
  reject(err: unknown): void;
}

interface Pending {
  names: string[];
  namespace: string;
  options: MetricsQueryOptions;
  waiters: Waiter[];
  ids: Set<string>;
  timer?: ReturnType<typeof setTimeout>;
}

const normalise = (id: string): string => id.toLowerCase().replace(/\/+$/, '');

function subscriptionOf(resourceId: string): string {
  return /\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1]?.toLowerCase() ?? '';
}

/** Reads that may share one call: the batch API takes one subscription, namespace and query per call. */
function batchKey(resourceId: string, names: string[], namespace: string, o: MetricsQueryOptions): string {
  return JSON.stringify([
    subscriptionOf(resourceId),
    namespace.toLowerCase(),
    names,
    o.startTime.toISOString(),
    o.endTime.toISOString(),
    o.interval,
    o.aggregation,
    o.filter,
    o.top,
  ]);
}

export interface MetricsBatcher {
  query(resourceId: string, names: string[], namespace: string, options: MetricsQueryOptions): Promise<MonitorMetric[]>;
}

export function metricsBatcher(send: QueryResources, options: BatcherOptions): MetricsBatcher {
  const max = Math.min(options.maxResources ?? MAX_BATCH_RESOURCES, MAX_BATCH_RESOURCES);
  const pending = new Map<string, Pending>();

  const flush = (key: string): void => {
    const batch = pending.get(key);
    if (!batch) return;
    pending.delete(key);
    if (batch.timer) clearTimeout(batch.timer);
    const ids = [...batch.ids];
    void send(ids, batch.names, batch.namespace, batch.options).then(
      (answers) => settle(batch.waiters, answers),
      (err: unknown) => (ids.length > 1 && isRefusal(err) ? askAlone(batch, ids) : rejectAll(batch.waiters, err)),
    );
  };

  // One resource the batch API refuses (deleted, moved, no access) must not fail the other rollouts' reads.
  const askAlone = (batch: Pending, ids: string[]): void => {
    for (const id of ids) {
      const waiters = batch.waiters.filter((w) => w.resourceId === id);
      void send([id], batch.names, batch.namespace, batch.options).then(
        (answers) => settle(waiters, answers),
        (err: unknown) => rejectAll(waiters, err),
      );
    }
  };

  return {
    query(resourceId, names, namespace, queryOptions) {
      return new Promise<MonitorMetric[]>((resolve, reject) => {
        const key = batchKey(resourceId, names, namespace, queryOptions);
        let batch = pending.get(key);
        if (!batch) {
          batch = { names, namespace, options: queryOptions, waiters: [], ids: new Set() };
          pending.set(key, batch);
          if (options.windowMs > 0) batch.timer = setTimeout(() => flush(key), options.windowMs);
        }
        batch.waiters.push({ resourceId, resolve, reject });
        batch.ids.add(resourceId);
        if (options.windowMs <= 0 || batch.ids.size >= max) flush(key);
      });
    },
  };
}

/** A 4xx other than 429: about what was asked, so possibly about one resource only; asked alone, it fails alone. */
function isRefusal(err: unknown): boolean {
  const status = (err as { statusCode?: number } | null)?.statusCode;
  return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

function rejectAll(waiters: Waiter[], err: unknown): void {
  for (const w of waiters) w.reject(err);
}

/** Hands each read its resource's metrics; a resource the answer leaves out fails only its own reads. */
function settle(waiters: Waiter[], answers: BatchAnswer[]): void {
  const byId = new Map<string, MonitorMetric[]>();
  for (const a of answers) if (a.resourceId) byId.set(normalise(a.resourceId), a.metrics ?? []);
  for (const w of waiters) {
    const metrics = byId.get(normalise(w.resourceId));
    if (metrics) w.resolve(metrics);
    else w.reject(new Error(`metrics:getBatch answered no values for ${w.resourceId}`));
  }
}
