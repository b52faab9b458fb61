// What the in-memory Azure (fake-azure.ts) refuses and how it fails: Azure's rules for an endpoint's traffic maps,
// errors shaped like the SDK's RestError, a long-running operation ending Failed, and the injectable faults.
import type { DeploymentRecord } from '../../activities/ports';
import type { TrafficState } from '../../domain/endpoint';
import { MAX_MIRROR_PERCENT } from '../../domain/plan-rules';

/** Named after the error code the activities turn each into. */
export type FakeFault =
  | 'AzureThrottled'
  | 'AzureUnavailable'
  | 'AzureConflict'
  | 'AzureRejected'
  | 'AzureOperationFailed'
  | 'TrafficVerificationFailed';

/** An error as `@azure/core-rest-pipeline` throws for an HTTP status. */
export function azureError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'RestError', statusCode, code });
}

/** What `@azure/core-lro` throws when the operation it polls ends Failed. */
export function operationFailed(message: string, code = 'InternalServerError'): Error {
  return new Error(`The long-running operation has failed. ${code}. ${message}`);
}

/** Why Azure would refuse this endpoint PUT, if it would. */
export function trafficProblem(
  { traffic, mirrorTraffic }: TrafficState,
  deployments: Record<string, DeploymentRecord>,
  computeType: 'Managed' | 'Kubernetes',
): string | undefined {
  const entries = [...Object.entries(traffic), ...Object.entries(mirrorTraffic)];
  const bad = entries.find(([, pct]) => !Number.isInteger(pct) || pct < 0 || pct > 100);
  if (bad) return `percent of ${bad[0]} must be an integer from 0 to 100, got ${bad[1]}`;
  const unknown = entries.find(([name]) => !deployments[name]);
  if (unknown) return `deployment ${unknown[0]} does not exist`;
  const sum = Object.values(traffic).reduce((a, b) => a + b, 0);
  if (sum !== 0 && sum !== 100) return `traffic must sum to 0 or 100, got ${sum}`;
  const mirrored = Object.entries(mirrorTraffic).filter(([, pct]) => pct > 0);
  if (mirrored.length > 0 && computeType === 'Kubernetes') return 'Kubernetes endpoints cannot mirror traffic';
  if (mirrored.length > 1) return 'mirrorTraffic goes to one deployment';
  for (const [name, pct] of mirrored) {
    if (pct > MAX_MIRROR_PERCENT) return `mirrorTraffic is at most ${MAX_MIRROR_PERCENT}%, got ${pct}`;
    if ((traffic[name] ?? 0) > 0) return `cannot mirror to ${name}: it has live traffic`;
  }
  return undefined;
}

/** The error Azure answers `op` with for an HTTP-status fault; undefined for faults that act later. */
export function faultError(fault: FakeFault, op: string): Error | undefined {
  const status = { AzureThrottled: 429, AzureUnavailable: 503, AzureConflict: 409, AzureRejected: 400 } as const;
  if (!(fault in status)) return undefined;
  const code = status[fault as keyof typeof status];
  return azureError(code, `Injected${code}`, `injected ${fault} on ${op}`);
}

/** A deployment as Azure reports one that provisioned. */
export function record(
  name: string,
  model: string,
  instanceCount = 1,
  instanceType = 'Standard_DS3_v2',
): DeploymentRecord {
  return {
    name,
    model,
    instanceType,
    instanceCount,
    maxConcurrentRequestsPerInstance: 1,
    provisioningState: 'Succeeded',
  };
}
