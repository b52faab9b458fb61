// The metrics port over Azure Monitor: MetricsClient.queryResources on the endpoint's ARM id, in the online
// endpoints' metric namespace.
import { endpointArmId } from '../../domain/endpoint';
import type { MetricsPort } from '../ports';
import type { AzureClients } from './clients';

export const ENDPOINT_METRIC_NAMESPACE = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';

export function metricsPort(clients: AzureClients): MetricsPort {
  return {
    async query(target, names, options) {
      const results = await clients.metrics.queryResources(
        [endpointArmId(target)],
        names,
        ENDPOINT_METRIC_NAMESPACE,
        options,
      );
      return results.flatMap((r) => r.metrics ?? []);
    },
  };
}
