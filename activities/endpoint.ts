// Read-only endpoint activities: the endpoint with its deployments, and its current traffic and mirror maps; and
// the port records as the activities' plain JSON shapes.
import type { EndpointRef, TrafficState } from '../domain/endpoint';
import { activityHooks } from './context';
import { callAzure } from './failures';
import type { AzurePorts, DeploymentRecord, EndpointRecord } from './ports';
import type { DeploymentInfo, EndpointSnapshot } from './types';

export function deploymentInfoOf(record: DeploymentRecord): DeploymentInfo {
  const { computeType: _computeType, ...info } = record;
  return info;
}

export function trafficStateOf(endpoint: EndpointRecord): TrafficState {
  return { traffic: endpoint.traffic, mirrorTraffic: endpoint.mirrorTraffic };
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
      return callAzure(`get traffic of '${target.endpoint}'`, async () =>
        trafficStateOf(await ports.endpoints.get(target, activityHooks())),
      );
    },
  };
}
