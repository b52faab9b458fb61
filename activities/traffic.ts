// setTraffic: both maps in one endpoint PUT, skipped when Azure already holds them (settled: no operation running),
// seen through to the operation's end even when cancelled, and always read back.
import type { TrafficState } from '../domain/endpoint';
import { sameTrafficState } from '../domain/traffic';
import { activityHooks } from './context';
import { settledTrafficOf } from './endpoint';
import { callAzure, failure } from './failures';
import type { AzurePorts } from './ports';
import type { SetTrafficInput } from './types';

export function trafficActivities(ports: AzurePorts) {
  return {
    async setTraffic({ target, traffic, mirrorTraffic }: SetTrafficInput): Promise<TrafficState> {
      const hooks = activityHooks();
      const wanted = { traffic, mirrorTraffic };
      const action = `set traffic of '${target.endpoint}'`;
      const current = await callAzure(action, async () =>
        settledTrafficOf(await ports.endpoints.get(target, hooks), action),
      );
      if (sameTrafficState(current, wanted)) return current;
      await callAzure(action, () => ports.endpoints.putTraffic(target, wanted, hooks));
      const readAction = `read back traffic of '${target.endpoint}'`;
      const readBack = await callAzure(readAction, async () =>
        settledTrafficOf(await ports.endpoints.get(target, hooks), readAction),
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
