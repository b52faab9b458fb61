// The metrics port over Azure Monitor's batch API (MetricsClient.queryResources, i.e. metrics:getBatch) on the
// endpoint's ARM id, in the online endpoints' metric namespace; concurrent reads share calls (metrics-batcher.ts).
import { endpointArmId } from '../../domain/endpoint';
import type { MetricsPort } from '../ports';
import type { AzureClients } from './clients';
import { metricsBatcher } from './metrics-batcher';

export const ENDPOINT_METRIC_NAMESPACE = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';

/** Short enough not to slow a test's read, long enough to catch reads that start together. */
const DEFAULT_BATCH_WINDOW_MS = 20;

export function metricsPort(clients: AzureClients): MetricsPort {
  const batcher = metricsBatcher(
    async (ids, names, namespace, options) =>
      (await clients.metrics.queryResources(ids, names, namespace, options)).map((r) => ({
        resourceId: r.resourceId,
        metrics: r.metrics,
      })),
    { windowMs: clients.settings.metricsBatchWindowMs ?? DEFAULT_BATCH_WINDOW_MS },
  );
  return {
    query: (target, names, options) => batcher.query(endpointArmId(target), names, ENDPOINT_METRIC_NAMESPACE, options),
  };
}
