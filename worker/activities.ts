// Every activity set the worker hosts, merged in this one place: the rollout's activities over the Azure clients,
// and the starter scheduled canaries use. A new set goes here.
import type { Client } from '@temporalio/client';
import { createActivities, type AzureClients } from '../activities';
import type { MetricsSettings } from '../activities/metric-samples';
import { createRolloutStarter } from '../activities/rollout-starter';

export interface WorkerActivityDeps {
  azure: AzureClients;
  client: Client;
  taskQueue: string;
  /** The metrics grain and ingestion lag (worker config METRICS_GRAIN, METRICS_LAG). */
  metrics?: MetricsSettings;
}

export function workerActivities(deps: WorkerActivityDeps): object {
  return {
    ...createActivities({ azure: deps.azure, metrics: deps.metrics }),
    ...createRolloutStarter({ client: deps.client, taskQueue: deps.taskQueue }),
  };
}
