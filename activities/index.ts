// createActivities(deps): every activity of a rollout over injected ports (like the Temporal samples'
// activities-dependency-injection). The workflow imports the `Activities` type only.
import { deploymentActivities } from './deployments';
import { endpointActivities } from './endpoint';
import { endpointLifecycleActivities } from './endpoint-lifecycle';
import type { MetricsSettings } from './metric-samples';
import { metricsActivities } from './metrics';
import { notifyActivities, type NotifyOptions } from './notify';
import { planCheckActivities } from './plan-check';
import type { AzurePorts } from './ports';
import { scoringActivities } from './scoring';
import { trafficActivities } from './traffic';
import { windowActivities, type WindowRuleSource } from './windows';
import type { Activities } from './types';

export interface ActivityDeps {
  /** The outside world: activities/azure's adapters (azurePorts), or an in-memory fake in tests. */
  ports: AzurePorts;
  /** Channels (the store), the allowlist, message links, HTTP knobs. */
  notify?: NotifyOptions;
  /** The metrics grain and ingestion lag; Azure's (PT1M, 4 min) when left out. */
  metrics?: MetricsSettings;
  /** The admin's deployment windows (the store's record file); none when left out. */
  windowRules?: WindowRuleSource;
}

export function createActivities(deps: ActivityDeps): Activities {
  return {
    ...planCheckActivities(deps.ports, deps.metrics, deps.notify),
    ...endpointActivities(deps.ports),
    ...endpointLifecycleActivities(deps.ports),
    ...deploymentActivities(deps.ports),
    ...trafficActivities(deps.ports),
    ...scoringActivities(deps.ports),
    ...metricsActivities(deps.ports, deps.metrics),
    ...notifyActivities(deps.notify),
    ...windowActivities(deps.windowRules),
  };
}

export type { Activities } from './types';
export { createAzureClients, type AzureClients, type AzureSettings } from './azure/clients';
export { azurePorts } from './azure/index';
export type { AzurePorts } from './ports';
