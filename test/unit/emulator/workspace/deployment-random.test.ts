import { createDataPlaneContext } from '../../../../emulator/workspace/data-plane';
import { seededRandom } from '../../../../emulator/model/random';
import type { Workspace } from '../../../../emulator/workspace/state';
import type { RequestLog } from '../../../../emulator/workspace/request-log';
import type { FaultState } from '../../../../emulator/control/fault-state';

const ws = {
  identity: { subscriptionId: 's', resourceGroup: 'rg', workspace: 'ws', location: 'eastus' },
} as unknown as Workspace;
const context = (seed?: number) =>
  createDataPlaneContext(ws, {} as RequestLog, {} as FaultState, seededRandom(1), seed);

describe('per-deployment random streams', () => {
  it('give a deployment the same draws whatever else the emulator serves in between', () => {
    const quiet = context(42);
    const busy = context(42);
    const alone = Array.from({ length: 20 }, () => quiet.deploymentRandom!('ep', 'green'));
    const interleaved = Array.from({ length: 20 }, () => {
      busy.deploymentRandom!('ep', 'blue');
      busy.random();
      return busy.deploymentRandom!('ep', 'green');
    });
    expect(interleaved).toEqual(alone);
  });

  it('differ between deployments and between seeds', () => {
    const a = context(42);
    expect(a.deploymentRandom!('ep', 'green')).not.toBe(a.deploymentRandom!('ep', 'blue'));
    expect(context(42).deploymentRandom!('ep', 'green')).not.toBe(context(43).deploymentRandom!('ep', 'green'));
  });

  it('are absent on an unseeded emulator, which draws from its one random source', () => {
    expect(context(undefined).deploymentRandom).toBeUndefined();
  });
});
