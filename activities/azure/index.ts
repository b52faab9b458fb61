// The ports of activities/ports.ts over the Azure SDK clients: what the worker gives createActivities.
import type { AzurePorts } from '../ports';
import { assetsPort } from './assets';
import type { AzureClients } from './clients';
import { capacityPort } from './capacity';
import { deploymentsPort } from './deployments';
import { endpointsPort } from './endpoints';
import { endpointLifecycle } from './endpoint-lifecycle';
import { metricsPort } from './metrics';
import { modelsPort } from './models';
import { scoringPort } from './scoring-target';

export function azurePorts(clients: AzureClients): AzurePorts {
  return {
    endpoints: { ...endpointsPort(clients), ...endpointLifecycle(clients) },
    deployments: deploymentsPort(clients),
    models: modelsPort(clients),
    assets: assetsPort(clients),
    metrics: metricsPort(clients),
    scoring: scoringPort(clients),
    capacity: capacityPort(clients),
  };
}
