// setTraffic: both maps in one endpoint PUT, skipped when Azure already holds them, and always read back.
import type { TrafficState } from '../domain/endpoint';
import { sameTrafficState } from '../domain/traffic';
import { activityHooks } from './context';
import { trafficStateOf } from './endpoint';
import { callAzure, failure } from './failures';
import type { AzurePorts } from './ports';
import type { SetTrafficInput } from './types';

export function trafficActivities(ports: AzurePorts) {
  return {
    async setTraffic({ target, traffic, mirrorTraffic }: SetTrafficInput): Promise<TrafficState> {
      const hooks = activityHooks();
      const wanted = { traffic, mirrorTraffic };
      const action = `set traffic of '${target.endpoint}'`;
      const current = await callAzure(action, async () => trafficStateOf(await ports.endpoints.get(target, hooks)));
      if (sameTrafficState(current, wanted)) return current;
      await callAzure(action, () => ports.endpoints.putTraffic(target, wanted, hooks));
      const readBack = await callAzure(`read back traffic of '${target.endpoint}'`, async () =>
        trafficStateOf(await ports.endpoints.get(target, hooks)),
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
