// Azure's documented rules for names and for an endpoint's traffic and mirror maps: traffic sums to 0 or 100; at most
// 50 % is mirrored, to one deployment, which has no live traffic; no mirroring on Kubernetes endpoints; a deployment
// with traffic cannot be deleted. Sources, under https://learn.microsoft.com/azure/machine-learning/:
// how-to-safely-rollout-online-endpoints, reference-yaml-endpoint-online, and how-to-manage-quotas (names, limits).
// Each check throws Azure's 400 BadArgument naming the field and the rule; nothing is changed on a refusal. The
// emulator keeps its own copy of these rules (production's are in domain/azure-rules.ts);
// test/unit/emulator/rules-pinned.test.ts pins the two equal.
import type { DeploymentRecord } from '../types';
import { badArgument } from './errors';

export const MAX_DEPLOYMENTS_PER_ENDPOINT = 20;
export const MAX_INSTANCES_PER_DEPLOYMENT = 50;
export const MAX_MIRROR_PERCENT = 50;

// Letter first, letters and digits, single dashes, no dash at the end; 3 to 32 characters.
const NAME = /^[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;

export function checkName(kind: 'endpoint' | 'deployment', name: string): void {
  if (name.length < 3 || name.length > 32) {
    throw badArgument(`${kind} name '${name}': must be 3 to 32 characters long.`);
  }
  if (!NAME.test(name)) {
    throw badArgument(
      `${kind} name '${name}': must begin with a letter and consist only of letters, digits and single dashes, ` +
        `and must not end with a dash.`,
    );
  }
}

export interface TrafficCheck {
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
  deployments: Record<string, DeploymentRecord>;
  computeType: 'Managed' | 'Kubernetes';
}

export function checkTraffic({ traffic, mirrorTraffic, deployments, computeType }: TrafficCheck): void {
  checkMap('traffic', traffic, deployments);
  checkMap('mirrorTraffic', mirrorTraffic, deployments);
  const sum = Object.values(traffic).reduce((a, b) => a + b, 0);
  if (sum !== 0 && sum !== 100) {
    throw badArgument(`properties.traffic: values must sum to 0 or 100, got ${sum}.`);
  }
  const mirrored = Object.entries(mirrorTraffic).filter(([, v]) => v > 0);
  if (mirrored.length === 0) return;
  if (computeType === 'Kubernetes') {
    throw badArgument('properties.mirrorTraffic: mirroring is not supported for Kubernetes online endpoints.');
  }
  if (mirrored.length > 1) {
    throw badArgument('properties.mirrorTraffic: traffic can be mirrored to only one deployment.');
  }
  const [target, percent] = mirrored[0];
  if (percent > MAX_MIRROR_PERCENT) {
    throw badArgument(
      `properties.mirrorTraffic.${target}: at most ${MAX_MIRROR_PERCENT} percent can be mirrored, got ${percent}.`,
    );
  }
  if ((traffic[target] ?? 0) > 0) {
    throw badArgument(
      `properties.mirrorTraffic.${target}: a deployment can receive live traffic or mirrored traffic, not both ` +
        `(traffic.${target} is ${traffic[target]}).`,
    );
  }
}

function checkMap(field: string, map: Record<string, number>, deployments: Record<string, DeploymentRecord>): void {
  for (const [name, value] of Object.entries(map)) {
    if (!Number.isInteger(value) || value < 0 || value > 100) {
      throw badArgument(`properties.${field}.${name}: must be an integer from 0 to 100, got ${value}.`);
    }
    const dep = Object.hasOwn(deployments, name) ? deployments[name] : undefined;
    if (!dep) throw badArgument(`properties.${field}.${name}: the endpoint has no deployment named '${name}'.`);
    if (value > 0 && dep.provisioningState !== 'Succeeded') {
      throw badArgument(
        `properties.${field}.${name}: deployment '${name}' is ${dep.provisioningState}; only a Succeeded deployment can take traffic.`,
      );
    }
  }
}
