// SDK models → the plain JSON shapes of activities/types.ts.
import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import type { DeploymentInfo, EndpointSnapshot } from '../types';
import { trafficOf } from './endpoints';

export function toDeploymentInfo(d: OnlineDeployment): DeploymentInfo {
  return {
    name: d.name ?? '',
    model: d.properties.model ?? '',
    instanceType: d.properties.instanceType ?? '',
    instanceCount: d.sku?.capacity ?? 1,
    maxConcurrentRequestsPerInstance: d.properties.requestSettings?.maxConcurrentRequestsPerInstance ?? 1,
    provisioningState: d.properties.provisioningState ?? 'Unknown',
  };
}

/** Kubernetes endpoints name their compute target; their deployments say `endpointComputeType: Kubernetes`. */
export function computeTypeOf(ep: OnlineEndpoint, deployments: OnlineDeployment[]): EndpointSnapshot['computeType'] {
  const kubernetes =
    Boolean(ep.properties.compute) ||
    ep.kind?.toLowerCase() === 'kubernetes' ||
    deployments.some((d) => d.properties.endpointComputeType === 'Kubernetes');
  return kubernetes ? 'Kubernetes' : 'Managed';
}

export function toEndpointSnapshot(ep: OnlineEndpoint, deployments: OnlineDeployment[]): EndpointSnapshot {
  return {
    name: ep.name ?? '',
    computeType: computeTypeOf(ep, deployments),
    provisioningState: ep.properties.provisioningState ?? 'Unknown',
    deployments: deployments.map(toDeploymentInfo).sort((a, b) => a.name.localeCompare(b.name)),
    ...trafficOf(ep),
  };
}
