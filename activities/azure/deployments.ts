// ARM adapters for deployments: read (absent on 404), wait out a transitional state, build the PUT body from the
// plan's Azure ML CLI v2 candidate.
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import type { Candidate } from '../../domain/plan';
import { activityHooks, throwIfCancelled, type ActivityHooks } from '../context';
import type { AzureClients } from './clients';
import type { ArmScope } from './endpoints';

const TRANSITIONAL = new Set(['Creating', 'Updating', 'Scaling', 'Deleting']);

export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 404;
}

export async function findDeployment(
  clients: AzureClients,
  s: ArmScope,
  name: string,
  hooks: ActivityHooks = activityHooks(),
): Promise<OnlineDeployment | undefined> {
  try {
    return await clients.arm.onlineDeployments.get(s.resourceGroup, s.workspace, s.endpoint, name, { abortSignal: hooks.signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** GETs the deployment until it leaves Creating/Updating/Scaling/Deleting (or disappears), heartbeating meanwhile. */
export async function waitSettled(
  clients: AzureClients,
  s: ArmScope,
  name: string,
  hooks: ActivityHooks = activityHooks(),
): Promise<OnlineDeployment | undefined> {
  for (let polls = 0; ; polls += 1) {
    const found = await findDeployment(clients, s, name, hooks);
    const state = found?.properties.provisioningState ?? '';
    if (!found || !TRANSITIONAL.has(state)) return found;
    hooks.heartbeat({ op: 'waitSettled', name, state, polls });
    throwIfCancelled(hooks);
    await hooks.sleep(clients.settings.lroPollIntervalMs);
  }
}

function isoSeconds(ms: number): string {
  return `PT${ms / 1000}S`;
}

export function deploymentBody(
  candidate: Candidate,
  model: string,
  location: string,
  computeType: 'Managed' | 'Kubernetes',
): OnlineDeployment {
  const rs = candidate.request_settings;
  return {
    location,
    sku: { name: 'Default', capacity: candidate.instance_count },
    properties: {
      endpointComputeType: computeType,
      model,
      instanceType: candidate.instance_type,
      scaleSettings: { scaleType: 'Default' },
      ...(candidate.environment_variables ? { environmentVariables: candidate.environment_variables } : {}),
      ...(rs
        ? {
            requestSettings: {
              ...(rs.request_timeout_ms ? { requestTimeout: isoSeconds(rs.request_timeout_ms) } : {}),
              ...(rs.max_concurrent_requests_per_instance
                ? { maxConcurrentRequestsPerInstance: rs.max_concurrent_requests_per_instance }
                : {}),
            },
          }
        : {}),
    },
  };
}
