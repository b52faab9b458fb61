// SDK models → the port records of activities/ports.ts.
import type { OnlineDeployment, OnlineEndpoint, TargetUtilizationScaleSettings } from '@azure/arm-machinelearning';
import type { TrafficMap, TrafficState } from '../../domain/endpoint';
import type { DeploymentRecord, EndpointRecord } from '../ports';
import { modelRefOf } from './deployment-body';

function cleanMap(map: unknown): TrafficMap {
  const out: TrafficMap = {};
  if (typeof map !== 'object' || map === null) return out;
  for (const [name, pct] of Object.entries(map)) if (typeof pct === 'number') out[name] = pct;
  return out;
}

/** Both maps as Azure reports them; the SDK's deserializer keeps the unmapped `mirrorTraffic`. */
export function trafficOf(endpoint: OnlineEndpoint): TrafficState {
  const props = endpoint.properties as OnlineEndpoint['properties'] & { mirrorTraffic?: unknown };
  return { traffic: cleanMap(props.traffic), mirrorTraffic: cleanMap(props.mirrorTraffic) };
}

export function toDeploymentRecord(d: OnlineDeployment): DeploymentRecord {
  const computeType = d.properties.endpointComputeType;
  return {
    name: d.name ?? '',
    model: modelRefOf(d.properties.model ?? ''),
    instanceType: d.properties.instanceType ?? '',
    instanceCount: d.sku?.capacity ?? 1,
    maxConcurrentRequestsPerInstance: d.properties.requestSettings?.maxConcurrentRequestsPerInstance ?? 1,
    provisioningState: d.properties.provisioningState ?? 'Unknown',
    ...(computeType === 'Managed' || computeType === 'Kubernetes' ? { computeType } : {}),
    ...autoscaleOf(d),
  };
}

/** A deployment that autoscales on target utilization (Azure sets its instance count). */
function autoscaleOf(d: OnlineDeployment): Pick<DeploymentRecord, 'autoscale'> {
  const s = d.properties.scaleSettings;
  if (s?.scaleType !== 'TargetUtilization') return {};
  const { minInstances, maxInstances, targetUtilizationPercentage } = s as TargetUtilizationScaleSettings;
  return { autoscale: { minInstances, maxInstances, targetUtilizationPercentage } };
}

/** Kubernetes endpoints name their compute target (or say kind Kubernetes). */
export function toEndpointRecord(ep: OnlineEndpoint): EndpointRecord {
  const kubernetes = Boolean(ep.properties.compute) || ep.kind?.toLowerCase() === 'kubernetes';
  return {
    name: ep.name ?? '',
    location: ep.location,
    computeType: kubernetes ? 'Kubernetes' : 'Managed',
    ...(ep.properties.compute ? { compute: ep.properties.compute.split('/').at(-1) } : {}),
    provisioningState: ep.properties.provisioningState ?? 'Unknown',
    ...trafficOf(ep),
  };
}
