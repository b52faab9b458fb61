// createActivities(deps): every activity of a rollout over injected clients (like the Temporal samples'
// activities-dependency-injection). The workflow imports the `Activities` type only.
import type { AzureClients } from './azure/clients';
import { deploymentActivities } from './deployments';
import { endpointActivities } from './endpoint';
import type { MetricsSettings } from './metric-samples';
import { metricsActivities } from './metrics';
import { notifyActivities, type NotifyOptions } from './notify';
import { planCheckActivities } from './plan-check';
import { scoringActivities } from './scoring';
import { trafficActivities } from './traffic';
import type { Activities } from './types';

export interface ActivityDeps {
  azure: AzureClients;
  notify?: NotifyOptions;
  /** The metrics grain and ingestion lag; Azure's (PT1M, 4 min) when left out. */
  metrics?: MetricsSettings;
}

export function createActivities(deps: ActivityDeps): Activities {
  return {
    ...planCheckActivities(deps.azure, deps.metrics),
    ...endpointActivities(deps.azure),
    ...deploymentActivities(deps.azure),
    ...trafficActivities(deps.azure),
    ...scoringActivities(deps.azure),
    ...metricsActivities(deps.azure, deps.metrics),
    ...notifyActivities(deps.notify),
  };
}

export type { Activities } from './types';
export { createAzureClients, type AzureClients, type AzureSettings } from './azure/clients';
