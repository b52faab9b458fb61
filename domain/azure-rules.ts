// Azure ML's limits and its rules for names and for an endpoint's traffic maps, checked before touching Azure.
// Limits and names: https://learn.microsoft.com/azure/machine-learning/how-to-manage-quotas (managed online
// endpoints: 20 deployments per endpoint, 50 instances per deployment). Mirroring (to one deployment, at most 50%,
// never on Kubernetes nor to a deployment with live traffic):
// https://learn.microsoft.com/azure/machine-learning/how-to-safely-rollout-online-endpoints
// The emulator keeps its own copy in emulator/arm/rules.ts; test/unit/emulator/rules-pinned.test.ts pins them equal.
import type { TrafficState } from './endpoint';

export const MAX_DEPLOYMENTS_PER_ENDPOINT = 20;
export const MAX_INSTANCES_PER_DEPLOYMENT = 50;
/** Mirrored traffic goes to one deployment, at most this percent, and never on Kubernetes endpoints. */
export const MAX_MIRROR_PERCENT = 50;

/**
 * Endpoint and deployment names: 3 to 32 characters, a letter first, then letters, digits and single dashes; a dash
 * is followed by a letter or digit (no double dash, none at the end).
 */
export const AZURE_NAME = /^[a-zA-Z](?:[a-zA-Z0-9]|-(?=[a-zA-Z0-9])){2,31}$/;

export type ComputeType = 'Managed' | 'Kubernetes';

export interface TrafficRuleProblem {
  rule: 'traffic.range' | 'traffic.sum' | 'mirror.kubernetes' | 'mirror.single' | 'mirror.max' | 'mirror.notLive';
  message: string;
}

/** The first of Azure's traffic rules the two maps break, or undefined when Azure would accept them. */
export function trafficRuleProblem(
  { traffic, mirrorTraffic }: TrafficState,
  computeType: ComputeType,
): TrafficRuleProblem | undefined {
  for (const [name, pct] of [...Object.entries(traffic), ...Object.entries(mirrorTraffic)]) {
    if (!Number.isInteger(pct) || pct < 0 || pct > 100) {
      return { rule: 'traffic.range', message: `${name}: must be an integer from 0 to 100, got ${pct}` };
    }
  }
  const sum = Object.values(traffic).reduce((a, b) => a + b, 0);
  if (sum !== 0 && sum !== 100) return { rule: 'traffic.sum', message: `traffic must sum to 0 or 100, got ${sum}` };
  const mirrored = Object.entries(mirrorTraffic).filter(([, pct]) => pct > 0);
  if (mirrored.length === 0) return undefined;
  if (computeType === 'Kubernetes') {
    return { rule: 'mirror.kubernetes', message: 'mirroring is not supported on Kubernetes online endpoints' };
  }
  if (mirrored.length > 1) return { rule: 'mirror.single', message: 'traffic can be mirrored to only one deployment' };
  const [target, pct] = mirrored[0];
  if (pct > MAX_MIRROR_PERCENT) {
    return { rule: 'mirror.max', message: `at most ${MAX_MIRROR_PERCENT} percent can be mirrored, got ${pct}` };
  }
  if ((traffic[target] ?? 0) > 0) {
    return { rule: 'mirror.notLive', message: `${target} takes live traffic: it cannot also receive mirrored traffic` };
  }
  return undefined;
}
