// Which instance types a deployment may name: a managed VM size from vm-sizes.ts, or on a Kubernetes endpoint one
// of the attached compute's instance types (its `properties.properties.instanceTypes`, the cluster's InstanceType
// resources: learn.microsoft.com/azure/machine-learning/how-to-manage-kubernetes-instance-types). Refused with 400.
import type { EndpointRecord } from '../types';
import type { ArmContext } from './context';
import { badArgument } from './errors';
import { vmSize } from './vm-sizes';

/** The compute an endpoint names, by name or ARM id. */
export function endpointCompute(ctx: ArmContext, ep: EndpointRecord) {
  const ref = (ep.body.properties as { compute?: string } | undefined)?.compute;
  if (!ref) return undefined;
  return ctx.ws.compute(ref.split('/').at(-1) ?? ref);
}

export function kubernetesInstanceTypes(compute: { body: Record<string, unknown> }): string[] {
  const props = (compute.body.properties as { properties?: { instanceTypes?: Record<string, unknown> } }).properties;
  return Object.keys(props?.instanceTypes ?? {});
}

export function checkInstanceType(ctx: ArmContext, ep: EndpointRecord, instanceType: string): void {
  if (ep.computeType === 'Managed') {
    if (vmSize(instanceType)) return;
    throw badArgument(
      `properties.instanceType: '${instanceType}' is not a supported VM size for managed online deployments.`,
    );
  }
  const compute = endpointCompute(ctx, ep);
  if (!compute) throw badArgument(`Endpoint '${ep.name}': its Kubernetes compute was not found in the workspace.`);
  const offered = kubernetesInstanceTypes(compute);
  if (offered.includes(instanceType)) return;
  throw badArgument(
    `properties.instanceType: instance type '${instanceType}' is not defined on compute '${compute.name}' ` +
      `(it offers ${offered.join(', ')}).`,
  );
}
