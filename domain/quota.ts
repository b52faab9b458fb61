// Pure: Azure's per-subscription core quota against the instances a plan adds. For managed online endpoints Azure
// reserves 20% for upgrades: a deployment of N instances needs ceil(1.2 x N) x the SKU's vCPUs of its VM family's
// quota (learn.microsoft.com/azure/machine-learning/how-to-deploy-online-endpoints, "Virtual machine quota
// allocation for deployment"). Past it the deployment operation fails OutOfQuota; the plan check says so first.
import type { ErrorDetail } from './errors';
import type { CapacityStep } from './capacity';

export const UPGRADE_RESERVATION = 1.2;

export interface SkuFacts {
  family: string;
  vCPUs: number;
}

export interface QuotaFacts {
  candidate: SkuFacts;
  baseline?: SkuFacts;
  /** Limit minus current usage, per VM family (the workspace location's usages). */
  available: Record<string, number>;
}

/** The quota a deployment of `instances` holds. */
export function reservedCores(instances: number, vCPUs: number): number {
  // Rounded before the ceiling: 1.2 x 5 is 6.000000000000001 in floating point.
  return Math.ceil(Math.round(UPGRADE_RESERVATION * instances * 1e6) / 1e6) * vCPUs;
}

/** The first stage at which the candidate (and a baseline scaled up) would need more of a family than is left. */
export function quotaProblems(steps: CapacityStep[], baselineStart: number, quota: QuotaFacts): ErrorDetail[] {
  const reported = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const step of steps) {
    const extra: Record<string, number> = {};
    if (step.candidate) {
      const { family, vCPUs } = quota.candidate;
      extra[family] = (extra[family] ?? 0) + reservedCores(step.candidate.instances, vCPUs);
    }
    if (quota.baseline && step.baseline.instances > baselineStart) {
      const { family, vCPUs } = quota.baseline;
      const grown = reservedCores(step.baseline.instances, vCPUs) - reservedCores(baselineStart, vCPUs);
      extra[family] = (extra[family] ?? 0) + grown;
    }
    for (const [family, needed] of Object.entries(extra)) {
      const available = quota.available[family];
      if (available === undefined || needed <= available || reported.has(family)) continue;
      reported.add(family);
      out.push({
        path: `stages[${step.index}].kind`,
        rule: 'quota.cores',
        message:
          `needs ${needed} more ${family} vCPUs (Azure reserves ceil(1.2 x instances) x vCPUs per deployment) where ` +
          `the subscription has ${available} left in this region: Azure would fail the deployment OutOfQuota`,
      });
    }
  }
  return out;
}
