// ARM adapters that create an online endpoint from a plan's CLI v2 endpoint spec (a first release) and delete it
// (the first release's rollback), each one long-running operation polled to completion.
import type { OnlineEndpoint } from '@azure/arm-machinelearning';
import { AUTH_MODES, computeName, type EndpointSpec } from '../../domain/first-release';
import { failure } from '../failures';
import type { EndpointsPort } from '../ports';
import type { AzureClients } from './clients';
import { armScope } from './endpoints';
import { lroStartOptions, pollToCompletion } from './lro';
import { withMirrorTraffic } from './mirror-traffic-policy';

/** The ARM body of a new endpoint: no traffic yet; a Kubernetes endpoint names its compute by ARM id. */
export function newEndpointBody(clients: AzureClients, spec: EndpointSpec, workspaceId: string): OnlineEndpoint {
  const location = clients.settings.location;
  if (!location) {
    throw failure('AzureRejected', 'AZURE_LOCATION is required to create an endpoint (its region)', {
      nonRetryable: true,
    });
  }
  return {
    location,
    ...(spec.tags ? { tags: spec.tags } : {}),
    identity: { type: 'SystemAssigned' },
    properties: {
      authMode: AUTH_MODES[spec.auth_mode],
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.compute ? { compute: `${workspaceId}/computes/${computeName(spec.compute)}` } : {}),
    },
  };
}

export function endpointLifecycle(clients: AzureClients): Pick<EndpointsPort, 'create' | 'delete'> {
  const interval = clients.settings.lroPollIntervalMs;
  return {
    async create(target, spec, hooks) {
      const s = armScope(clients, target);
      const workspaceId =
        `/subscriptions/${target.subscriptionId}/resourceGroups/${s.resourceGroup}` +
        `/providers/Microsoft.MachineLearningServices/workspaces/${s.workspace}`;
      const body = newEndpointBody(clients, spec, workspaceId);
      const poller = await clients.arm.onlineEndpoints.beginCreateOrUpdate(
        s.resourceGroup,
        s.workspace,
        s.endpoint,
        body,
        // A new endpoint mirrors nothing; the mirror policy wants that said on every endpoint PUT.
        { ...lroStartOptions(interval, hooks), ...withMirrorTraffic({}) },
      );
      await pollToCompletion(poller, { intervalMs: interval, progress: { op: 'createEndpoint' }, hooks });
    },
    async delete(target, hooks) {
      const s = armScope(clients, target);
      const poller = await clients.arm.onlineEndpoints.beginDelete(
        s.resourceGroup,
        s.workspace,
        s.endpoint,
        lroStartOptions(interval, hooks),
      );
      await pollToCompletion(poller, { intervalMs: interval, progress: { op: 'deleteEndpoint' }, hooks });
    },
  };
}
