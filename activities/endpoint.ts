// Read-only endpoint activities: the endpoint with its deployments, and its current traffic and mirror maps; and
// the port records as the activities' plain JSON shapes.
import type { EndpointRef, TrafficState } from '../domain/endpoint';
import { activityHooks } from './context';
import { callAzure, failure } from './failures';
import type { AzurePorts, DeploymentRecord, EndpointRecord } from './ports';
import type { DeploymentInfo, EndpointSnapshot } from './types';

export function deploymentInfoOf(record: DeploymentRecord): DeploymentInfo {
  const { computeType: _computeType, ...info } = record;
  return info;
}

export function trafficStateOf(endpoint: EndpointRecord): TrafficState {
  return { traffic: endpoint.traffic, mirrorTraffic: endpoint.mirrorTraffic };
}

/** Azure's endpoint states while an operation runs on it (its traffic maps still show the old state). */
const OPERATION_IN_PROGRESS = new Set(['Creating', 'Updating', 'Deleting']);

/**
 * The traffic the endpoint will keep serving. While an operation runs, the maps Azure reports are the old ones and
 * the operation may still change them: that is a retryable AzureConflict, never an answer to verify against.
 */
export function settledTrafficOf(endpoint: EndpointRecord, action: string): TrafficState {
  if (OPERATION_IN_PROGRESS.has(endpoint.provisioningState)) {
    throw failure(
      'AzureConflict',
      `${action}: an operation is in progress on the endpoint (provisioningState ${endpoint.provisioningState})`,
    );
  }
  return trafficStateOf(endpoint);
}

/** A deployment saying `endpointComputeType: Kubernetes` makes the endpoint Kubernetes too. */
export function endpointSnapshot(endpoint: EndpointRecord, deployments: DeploymentRecord[]): EndpointSnapshot {
  const kubernetes = endpoint.computeType === 'Kubernetes' || deployments.some((d) => d.computeType === 'Kubernetes');
  return {
    name: endpoint.name,
    computeType: kubernetes ? 'Kubernetes' : 'Managed',
    provisioningState: endpoint.provisioningState,
    deployments: deployments.map(deploymentInfoOf).sort((a, b) => a.name.localeCompare(b.name)),
    ...trafficStateOf(endpoint),
  };
}

export function endpointActivities(ports: AzurePorts) {
  return {
    async getEndpoint({ target }: { target: EndpointRef }): Promise<EndpointSnapshot> {
      return callAzure(`get endpoint '${target.endpoint}'`, async () => {
        const hooks = activityHooks();
        const [ep, deployments] = await Promise.all([
          ports.endpoints.get(target, hooks),
          ports.deployments.list(target, hooks),
        ]);
        return endpointSnapshot(ep, deployments);
      });
    },

    async getTraffic({ target }: { target: EndpointRef }): Promise<TrafficState> {
      const action = `get traffic of '${target.endpoint}'`;
      return callAzure(action, async () =>
        settledTrafficOf(await ports.endpoints.get(target, activityHooks()), action),
      );
    },
  };
}
