// ARM adapters for one online endpoint: read it, list its deployments, and PUT a new traffic state. The PUT always
// carries an explicit mirror map (see mirror-traffic-policy.ts), so a traffic change never clears mirroring.
import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import type { EndpointRef, TrafficMap, TrafficState } from '../../domain/endpoint';
import { activityHooks, type ActivityHooks } from '../context';
import { failure } from '../failures';
import type { EndpointsPort } from '../ports';
import type { AzureClients } from './clients';
import { lroStartOptions, pollToCompletion } from './lro';
import { toEndpointRecord, trafficOf } from './mappers';
import { withMirrorTraffic } from './mirror-traffic-policy';

export { trafficOf };

export interface ArmScope {
  resourceGroup: string;
  workspace: string;
  endpoint: string;
}

/** The ARM client is bound to one subscription; a target elsewhere is refused rather than silently redirected. */
export function armScope(clients: AzureClients, ref: EndpointRef): ArmScope {
  if (ref.subscriptionId !== clients.settings.subscriptionId) {
    throw failure('AzureRejected', `target.subscriptionId '${ref.subscriptionId}' is not the configured subscription`, {
      nonRetryable: true,
    });
  }
  return { resourceGroup: ref.resourceGroup, workspace: ref.workspace, endpoint: ref.endpoint };
}

export function getOnlineEndpoint(
  clients: AzureClients,
  s: ArmScope,
  hooks = activityHooks(),
): Promise<OnlineEndpoint> {
  return clients.arm.onlineEndpoints.get(s.resourceGroup, s.workspace, s.endpoint, { abortSignal: hooks.signal });
}

export async function listDeployments(
  clients: AzureClients,
  s: ArmScope,
  hooks = activityHooks(),
): Promise<OnlineDeployment[]> {
  const all: OnlineDeployment[] = [];
  const pages = clients.arm.onlineDeployments.list(s.resourceGroup, s.workspace, s.endpoint, {
    abortSignal: hooks.signal,
  });
  for await (const deployment of pages) all.push(deployment);
  return all;
}

/** The endpoint's writable fields with a new traffic map; read-only fields are left for Azure to fill. */
export function endpointBody(current: OnlineEndpoint, traffic: TrafficMap): OnlineEndpoint {
  const p = current.properties;
  return {
    location: current.location,
    tags: current.tags,
    kind: current.kind,
    sku: current.sku,
    identity: current.identity
      ? { type: current.identity.type, userAssignedIdentities: current.identity.userAssignedIdentities }
      : undefined,
    properties: {
      authMode: p.authMode,
      description: p.description,
      properties: p.properties,
      compute: p.compute,
      publicNetworkAccess: p.publicNetworkAccess,
      traffic,
    },
  };
}

/**
 * GET the endpoint, PUT it back with the new traffic and a mirror map, and wait for the operation to finish.
 * Without `mirrorTraffic` the current mirror map is re-sent, so a traffic-only change keeps mirroring.
 */
export async function putEndpointTraffic(
  clients: AzureClients,
  s: ArmScope,
  change: { traffic: TrafficMap; mirrorTraffic?: TrafficMap },
  hooks: ActivityHooks = activityHooks(),
): Promise<void> {
  const current = await getOnlineEndpoint(clients, s, hooks);
  const state: TrafficState = {
    traffic: change.traffic,
    mirrorTraffic: change.mirrorTraffic ?? trafficOf(current).mirrorTraffic,
  };
  const interval = clients.settings.trafficPollIntervalMs;
  const poller = await clients.arm.onlineEndpoints.beginCreateOrUpdate(
    s.resourceGroup,
    s.workspace,
    s.endpoint,
    endpointBody(current, state.traffic),
    { ...lroStartOptions(interval, hooks, true), ...withMirrorTraffic(state.mirrorTraffic) },
  );
  const progress = { op: 'putEndpointTraffic', ...state };
  await pollToCompletion(poller, { intervalMs: interval, progress, hooks, seeThrough: true });
}

export function endpointsPort(clients: AzureClients): EndpointsPort {
  return {
    get: async (target, hooks) => toEndpointRecord(await getOnlineEndpoint(clients, armScope(clients, target), hooks)),
    putTraffic: (target, state, hooks) => putEndpointTraffic(clients, armScope(clients, target), state, hooks),
  };
}
