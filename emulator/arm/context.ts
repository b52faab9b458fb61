// What the ARM handlers share: the workspace, the operation engine, faults, the request log and the wire options.
import type { FaultState } from '../control/fault-state';
import type { ModelVersionRecord } from '../types';
import type { RequestLog } from '../workspace/request-log';
import type { ModelContainerRecord, Workspace } from '../workspace/state';
import type { LroHttpOptions } from './lro-http';
import type { Operations } from './operations';
import type { CoreQuota } from './quota';

export interface ArmContext {
  ws: Workspace;
  ops: Operations;
  faults: FaultState;
  log: RequestLog;
  lro: LroHttpOptions;
  /** vCPU quota per VM family for managed deployments. */
  quota: CoreQuota;
  /** A fresh endpoint key. */
  newKey(): string;
  /** Builds a version registered through ARM (its model and behaviour come from the container's newest version). */
  newModelVersion(container: ModelContainerRecord, version: number, description?: string): ModelVersionRecord;
}

export function workspacePath(ctx: ArmContext): string {
  const { subscriptionId, resourceGroup, workspace } = ctx.ws.identity;
  return (
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${workspace}`
  );
}

export function registryPath(ctx: ArmContext, registry: string): string {
  const { subscriptionId, resourceGroup } = ctx.ws.identity;
  return (
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}` +
    `/providers/Microsoft.MachineLearningServices/registries/${registry}`
  );
}
