// A first release's endpoint activities: create it from the plan's CLI v2 spec (an endpoint already there counts
// as created: a retried attempt finds its own) and delete it in the rollback (a missing one counts as deleted).
import type { EndpointRef } from '../domain/endpoint';
import type { EndpointSpec } from '../domain/first-release';
import { activityHooks } from './context';
import { callAzure, failure, isNotFound } from './failures';
import type { AzurePorts } from './ports';

export function endpointLifecycleActivities(ports: AzurePorts) {
  const { endpoints } = ports;
  return {
    createEndpoint: ({ target, spec }: { target: EndpointRef; spec: EndpointSpec }): Promise<void> =>
      callAzure(`create endpoint '${target.endpoint}'`, async () => {
        const hooks = activityHooks();
        if (!endpoints.create)
          throw failure('AzureRejected', 'this worker cannot create endpoints', { nonRetryable: true });
        const found = await endpoints.get(target, hooks).catch((err) => {
          if (isNotFound(err)) return undefined;
          throw err;
        });
        if (found?.provisioningState === 'Succeeded') return;
        await endpoints.create(target, spec, hooks);
      }),
    deleteEndpoint: ({ target }: { target: EndpointRef }): Promise<void> =>
      callAzure(`delete endpoint '${target.endpoint}'`, async () => {
        const hooks = activityHooks();
        if (!endpoints.delete)
          throw failure('AzureRejected', 'this worker cannot delete endpoints', { nonRetryable: true });
        await endpoints.delete(target, hooks).catch((err) => {
          if (!isNotFound(err)) throw err;
        });
      }),
  };
}
