// Every activity set the worker hosts, merged in this one place: the rollout's activities over the Azure ports,
// and the starter scheduled canaries use. A new set goes here.
import type { Client } from '@temporalio/client';
import { azurePorts, createActivities, type AzureClients } from '../activities';
import { createRolloutStarter } from '../activities/rollout-starter';

export interface WorkerActivityDeps {
  azure: AzureClients;
  client: Client;
  taskQueue: string;
}

export function workerActivities(deps: WorkerActivityDeps): object {
  return {
    ...createActivities({ ports: azurePorts(deps.azure) }),
    ...createRolloutStarter({ client: deps.client, taskQueue: deps.taskQueue }),
  };
}
