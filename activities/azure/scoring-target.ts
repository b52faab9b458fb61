// Where and how to call an endpoint's scoring URI: the URI from the endpoint, and a bearer credential matching its
// auth mode (a key from listKeys, or an AML token).
import type { ActivityHooks } from '../context';
import { failure } from '../failures';
import type { AzureClients } from './clients';
import { getOnlineEndpoint, type ArmScope } from './endpoints';

export interface ScoringTarget {
  scoringUri: string;
  authorization: string;
}

export async function scoringTarget(clients: AzureClients, s: ArmScope, hooks: ActivityHooks): Promise<ScoringTarget> {
  const ep = await getOnlineEndpoint(clients, s, hooks);
  const scoringUri = ep.properties.scoringUri;
  if (!scoringUri) throw failure('AzureUnavailable', `endpoint '${s.endpoint}' has no scoring URI yet`);
  const opts = { abortSignal: hooks.signal };
  switch (ep.properties.authMode) {
    case 'Key': {
      const keys = await clients.arm.onlineEndpoints.listKeys(s.resourceGroup, s.workspace, s.endpoint, opts);
      return { scoringUri, authorization: `Bearer ${keys.primaryKey ?? ''}` };
    }
    case 'AMLToken': {
      const token = await clients.arm.onlineEndpoints.getToken(s.resourceGroup, s.workspace, s.endpoint, opts);
      return { scoringUri, authorization: `Bearer ${token.accessToken ?? ''}` };
    }
    default:
      throw failure('AzureRejected', `endpoint '${s.endpoint}': auth mode ${ep.properties.authMode} is not supported for validation calls`, {
        nonRetryable: true,
      });
  }
}
