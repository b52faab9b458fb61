// What the in-memory Azure (fake-azure.ts) refuses and how it fails: Azure's rules for an endpoint's traffic maps,
// errors shaped like the SDK's RestError, a long-running operation ending Failed, and the injectable faults.
import type { DeploymentRecord } from '../../activities/ports';
import type { TrafficState } from '../../domain/endpoint';
import { trafficRuleProblem, type ComputeType } from '../../domain/azure-rules';

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

/** Why Azure would refuse this endpoint PUT, if it would: an unknown deployment, or one of Azure's traffic rules. */
export function trafficProblem(
  state: TrafficState,
  deployments: Record<string, DeploymentRecord>,
  computeType: ComputeType,
): string | undefined {
  const names = [...Object.keys(state.traffic), ...Object.keys(state.mirrorTraffic)];
  const unknown = names.find((name) => !deployments[name]);
  if (unknown) return `deployment ${unknown} does not exist`;
  return trafficRuleProblem(state, computeType)?.message;
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
