// Read-only endpoint activities: the endpoint with its deployments, and its current traffic and mirror maps.
import type { EndpointRef, TrafficState } from '../domain/endpoint';
import type { AzureClients } from './azure/clients';
import { armScope, getOnlineEndpoint, listDeployments, trafficOf } from './azure/endpoints';
import { toEndpointSnapshot } from './azure/mappers';
import { callAzure } from './failures';
import type { EndpointSnapshot } from './types';

export function endpointActivities(clients: AzureClients) {
  return {
    async getEndpoint({ target }: { target: EndpointRef }): Promise<EndpointSnapshot> {
      const scope = armScope(clients, target);
      return callAzure(`get endpoint '${target.endpoint}'`, async () => {
        const [ep, deployments] = await Promise.all([getOnlineEndpoint(clients, scope), listDeployments(clients, scope)]);
        return toEndpointSnapshot(ep, deployments);
      });
    },

    async getTraffic({ target }: { target: EndpointRef }): Promise<TrafficState> {
      const scope = armScope(clients, target);
      return callAzure(`get traffic of '${target.endpoint}'`, async () => trafficOf(await getOnlineEndpoint(clients, scope)));
    },
  };
}
