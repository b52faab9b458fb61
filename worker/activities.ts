// Every activity set the worker hosts, merged in this one place: the rollout's activities over the Azure ports,
// and the starter scheduled canaries use. A new set goes here.
import type { Client } from '@temporalio/client';
import { azurePorts, createActivities, type AzureClients } from '../activities';
import type { MetricsSettings } from '../activities/metric-samples';
import { createRolloutStarter } from '../activities/rollout-starter';
import type { WindowRuleSource } from '../activities/windows';
import { windowRulesFile } from '../store/window-rules';

export interface WorkerActivityDeps {
  azure: AzureClients;
  client: Client;
  taskQueue: string;
  /** The metrics grain and ingestion lag (worker config METRICS_GRAIN, METRICS_LAG). */
  metrics?: MetricsSettings;
  /** The store directory shared with the API (worker config ROLLOUT_STORE_DIR): the admin's window rules. */
  storeDir: string;
}

export function workerActivities(deps: WorkerActivityDeps): object {
  const windowRules = storedWindowRules(deps.storeDir);
  const activities = createActivities({ ports: azurePorts(deps.azure), metrics: deps.metrics, windowRules });
  const { checkPlan, notify } = activities;
  return {
    ...activities,
    ...createRolloutStarter({ client: deps.client, taskQueue: deps.taskQueue, checkPlan, notify, windowRules }),
  };
}

export function storedWindowRules(storeDir: string): WindowRuleSource {
  const file = windowRulesFile(storeDir);
  return async () => [...(await file.all()).values()];
}
