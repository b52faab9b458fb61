// The plan check's capacity part: live facts (the baseline's size, VM sizes, the vCPU quota left, a Kubernetes
// compute's instance types) handed to the pure rules of domain/capacity.ts and domain/quota.ts.
import { instanceTypeOf } from '../domain/candidate';
import { planCapacity, type CapacityPlan } from '../domain/capacity';
import type { EndpointRef } from '../domain/endpoint';
import type { ErrorDetail } from '../domain/errors';
import type { RolloutPlan } from '../domain/plan';
import type { QuotaFacts } from '../domain/quota';
import type { ActivityHooks } from './context';
import type { AzurePorts, CapacityPort, EndpointRecord } from './ports';
import type { EndpointSnapshot } from './types';

const PATH = 'candidate.instance_type';

export async function kubernetesProblems(
  port: CapacityPort,
  target: EndpointRef,
  endpoint: Pick<EndpointRecord, 'compute'>,
  /** Left out: the compute's default instance type, nothing to check. */
  instanceType: string | undefined,
  hooks: ActivityHooks,
): Promise<ErrorDetail[]> {
  if (!endpoint.compute) return [];
  const offered = await port.kubernetesInstanceTypes(target, endpoint.compute, hooks);
  if (offered === undefined) {
    const message = `the endpoint's compute '${endpoint.compute}' does not exist in the workspace`;
    return [{ path: 'endpoint', rule: 'compute.exists', message }];
  }
  if (instanceType === undefined || offered.includes(instanceType)) return [];
  const message =
    `'${instanceType}' is not an instance type of compute '${endpoint.compute}', which offers ` +
    `${offered.join(', ') || 'none'} (Kubernetes deployments run on the attached cluster's instance types)`;
  return [{ path: PATH, rule: 'instanceType.kubernetes', message }];
}

async function managedQuota(
  port: CapacityPort,
  endpoint: EndpointRecord,
  instanceTypes: { candidate: string; baseline?: string },
  hooks: ActivityHooks,
): Promise<{ quota?: QuotaFacts; problems: ErrorDetail[] }> {
  const sizes = await port.vmSizes(endpoint.location, hooks);
  const find = (name?: string) => sizes.find((s) => s.name.toLowerCase() === name?.toLowerCase());
  const candidate = find(instanceTypes.candidate);
  if (!candidate) {
    const message = `'${instanceTypes.candidate}' is not a VM size Azure offers for managed deployments in ${endpoint.location}`;
    return { problems: [{ path: PATH, rule: 'instanceType.managed', message }] };
  }
  const baseline = find(instanceTypes.baseline);
  const available = await port.availableCores(endpoint.location, hooks);
  return { quota: { candidate, ...(baseline ? { baseline } : {}), available }, problems: [] };
}

export async function capacityCheck(
  ports: AzurePorts,
  target: EndpointRef,
  plan: RolloutPlan,
  endpoint: EndpointRecord,
  snapshot: EndpointSnapshot,
  baselineName: string,
  hooks: ActivityHooks,
): Promise<CapacityPlan> {
  const baseline = snapshot.deployments.find((d) => d.name === baselineName);
  const problems: ErrorDetail[] = [];
  let quota: QuotaFacts | undefined;
  if (ports.capacity && snapshot.computeType === 'Kubernetes') {
    problems.push(...(await kubernetesProblems(ports.capacity, target, endpoint, plan.candidate.instance_type, hooks)));
  } else if (ports.capacity) {
    const types = { candidate: instanceTypeOf(plan.candidate, 'Managed')!, baseline: baseline?.instanceType };
    const managed = await managedQuota(ports.capacity, endpoint, types, hooks);
    problems.push(...managed.problems);
    quota = managed.quota;
  }
  const capacity = planCapacity(plan, baseline, quota);
  return { ...capacity, problems: [...problems, ...capacity.problems] };
}
