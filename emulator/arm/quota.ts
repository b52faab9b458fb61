// The subscription's vCPU quota per VM family for managed online deployments, as Azure counts it: a deployment of
// N instances holds ceil(1.2 x N) x vCPUs (20% reserved for upgrades, how-to-deploy-online-endpoints "Virtual
// machine quota allocation for deployment"). Over the limit the operation ends Failed `OutOfQuota`.
import type { EndpointRecord } from '../types';
import type { Workspace } from '../workspace/state';
import type { OperationError } from './operations';
import { vmSize } from './vm-sizes';

/** Per family; Azure's defaults differ by offer and subscription, so this one is the emulator's [choice]. */
export const DEFAULT_FAMILY_VCPU_LIMIT = 300;

export function reservedCores(instances: number, vCPUs: number): number {
  return Math.ceil(Math.round(1.2 * instances * 1e6) / 1e6) * vCPUs;
}

export class CoreQuota {
  constructor(private readonly limits: Record<string, number> = {}) {}

  /** The family's own limit, else the `'*'` one, else the default. */
  limit(family: string): number {
    return this.limits[family] ?? this.limits['*'] ?? DEFAULT_FAMILY_VCPU_LIMIT;
  }

  setLimit(family: string, limit: number): void {
    this.limits[family] = limit;
  }

  /** vCPUs of `family` held by every managed deployment, leaving out `except` (the one being changed). */
  usage(ws: Workspace, family: string, except?: { endpoint: string; deployment: string }): number {
    let used = 0;
    for (const ep of Object.values(ws.state.endpoints)) {
      if (ep.computeType !== 'Managed') continue;
      for (const dep of Object.values(ep.deployments)) {
        if (except && ep.name === except.endpoint && dep.name === except.deployment) continue;
        const size = vmSize(dep.instanceType);
        if (size?.family === family) used += reservedCores(dep.instanceCount, size.vCPUs);
      }
    }
    return used;
  }

  /** Azure's OutOfQuota when `instances` of `instanceType` for this deployment do not fit the family's quota. */
  check(
    ws: Workspace,
    ep: EndpointRecord,
    deployment: string,
    instanceType: string,
    instances: number,
  ): OperationError | undefined {
    if (ep.computeType !== 'Managed') return undefined;
    const size = vmSize(instanceType);
    if (!size) return undefined;
    const used = this.usage(ws, size.family, { endpoint: ep.name, deployment });
    const needed = reservedCores(instances, size.vCPUs);
    const limit = this.limit(size.family);
    if (used + needed <= limit) return undefined;
    return {
      code: 'OutOfQuota',
      message:
        `Not enough quota available for ${size.name} in SubscriptionId ${ws.identity.subscriptionId}. ` +
        `Current usage/limit: ${used}/${limit}. Additional needed: ${needed}. ` +
        'Please see troubleshooting guide, available here: https://aka.ms/oe-tsg#error-outofquota',
    };
  }
}
