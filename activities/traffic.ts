// setTraffic: both maps in one endpoint PUT, skipped when Azure already holds them, and always read back.
import type { TrafficState } from '../domain/endpoint';
import { sameTrafficState } from '../domain/traffic';
import type { AzureClients } from './azure/clients';
import { armScope, getOnlineEndpoint, putEndpointTraffic, trafficOf } from './azure/endpoints';
import { activityHooks } from './context';
import { callAzure, failure } from './failures';
import type { SetTrafficInput } from './types';

export function trafficActivities(clients: AzureClients) {
  return {
    async setTraffic({ target, traffic, mirrorTraffic }: SetTrafficInput): Promise<TrafficState> {
      const scope = armScope(clients, target);
      const hooks = activityHooks();
      const wanted = { traffic, mirrorTraffic };
      const action = `set traffic of '${target.endpoint}'`;
      const current = await callAzure(action, async () => trafficOf(await getOnlineEndpoint(clients, scope, hooks)));
      if (sameTrafficState(current, wanted)) return current;
      await callAzure(action, () => putEndpointTraffic(clients, scope, wanted, hooks));
      const readBack = await callAzure(`read back traffic of '${target.endpoint}'`, async () =>
        trafficOf(await getOnlineEndpoint(clients, scope, hooks)),
      );
      if (!sameTrafficState(readBack, wanted)) {
        throw failure('TrafficVerificationFailed', `${action}: Azure reports a different state than the one just set`, {
          details: [{ wanted, readBack }],
        });
      }
      return readBack;
    },
  };
}
