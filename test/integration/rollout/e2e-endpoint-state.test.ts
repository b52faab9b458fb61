// Endpoints as they are, end to end on the emulator (official SDK over HTTPS, real Temporal): a third deployment
// keeps its exact share through mirror, canary, promote, cleanup and the rollback; a kept idle deployment replaced
// with `replace: true` is not deleted by the rollback, since the rollout did not create it.
import { e2ePlan, liveOnly, useE2E } from '../../support/rollout-e2e';
import { settle, waitForStatus } from '../../support/rollout-harness';
import { addDeployment, setTraffic } from '../../support/data-plane-setup';
import { rollbackUpdate } from '../../../workflows/messages';
import type { Stage } from '../../../domain/plan';
import type { TrafficMap } from '../../../domain/endpoint';
import { modelRefOf } from '../../../activities/azure/deployment-body';

const rig = useE2E();

/** Samples the emulator's endpoint every 50 ms: every traffic state it held while the rollout ran. */
function watchTraffic(): { states: () => string[]; stop: () => void } {
  const seen: string[] = [];
  const timer = setInterval(() => {
    const now = JSON.stringify(liveOnly(rig.live()));
    if (seen.at(-1) !== now) seen.push(now);
  }, 50);
  return { states: () => seen, stop: () => clearInterval(timer) };
}
const state = (traffic: TrafficMap, mirrorTraffic: TrafficMap = {}): string =>
  JSON.stringify({ traffic, mirrorTraffic });

async function withThird(): Promise<void> {
  await addDeployment(rig.emulator, 'heart-ep', { name: 'third', version: 1, capacity: 2 });
  await setTraffic(rig.emulator, 'heart-ep', { blue: 90, third: 10 });
}

it('keeps a third deployment at 10% through mirror, canary steps and promote, and back on the rollback', async () => {
  await withThird();
  const stages = [
    { kind: 'deploy' },
    { kind: 'mirror', percent: 20, duration: '3s' },
    { kind: 'canary', weight: 20, bake: '3s' },
    { kind: 'canary', weight: 50, bake: '3s' },
    { kind: 'promote', watch: '120s' },
  ] as Stage[];
  const watch = watchTraffic();
  const handle = await rig.harness.start(e2ePlan(2, { baseline: 'blue', stages }));
  await waitForStatus(handle, (s) => s.state === 'Watching', 90_000);
  await handle.executeUpdate(rollbackUpdate, { args: [{ actor: 'sre:sam', reason: 'third-party complaint' }] });
  const status = await settle(handle);
  watch.stop();
  expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: 'third-party complaint' });
  expect(watch.states()).toEqual([
    state({ blue: 90, third: 10 }),
    state({ blue: 90, third: 10 }, { green: 20 }),
    state({ blue: 90, third: 10 }),
    state({ blue: 70, green: 20, third: 10 }),
    state({ blue: 40, green: 50, third: 10 }),
    state({ green: 90, third: 10 }),
    state({ blue: 90, third: 10 }),
  ]);
  expect(status.events.find((e) => e.type === 'rollback.verified')?.details).toEqual({
    traffic: { blue: 90, third: 10 },
    mirrorTraffic: {},
  });
  expect(rig.deployments()).toEqual(['blue', 'third']);
}, 180_000);

it('promotes and cleans up with the third deployment still at 10%', async () => {
  await withThird();
  const stages = [
    { kind: 'deploy' },
    { kind: 'canary', weight: 30, bake: '3s' },
    { kind: 'promote', watch: '2s' },
    { kind: 'cleanup' },
  ] as Stage[];
  const status = await settle(await rig.harness.start(e2ePlan(2, { baseline: 'blue', stages })));
  expect(status.state).toBe('Succeeded');
  expect(liveOnly(rig.live())).toEqual({ traffic: { green: 90, third: 10 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['green', 'third']);
}, 180_000);

it('replaces a kept idle deployment only with replace: true, and the rollback leaves it standing', async () => {
  await addDeployment(rig.emulator, 'heart-ep', { name: 'green', version: 1, capacity: 2 });
  const stages = [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '120s' }] as Stage[];
  const refused = await settle(await rig.harness.start(e2ePlan(2, { stages })));
  expect(refused).toMatchObject({
    state: 'Refused',
    outcome: { reason: expect.stringMatching(/candidate.name: deployment 'green' already exists/) },
  });
  // Read as `azureml:NAME:VERSION`: a deployment the rollout creates names its model by ARM id, as Azure stores it.
  const model = async () =>
    modelRefOf(
      (await rig.azure.arm.onlineDeployments.get(rig.target.resourceGroup, rig.target.workspace, 'heart-ep', 'green'))
        .properties.model ?? '',
    );
  expect(await model()).toBe('azureml:heart-classifier:1');

  const handle = await rig.harness.start(e2ePlan(2, { stages, replace: true }));
  await waitForStatus(handle, (s) => s.state === 'Canary' && s.traffic.green === 20, 90_000);
  await handle.executeUpdate(rollbackUpdate, { args: [{ actor: 'sre:sam', reason: 'not today' }] });
  const status = await settle(handle);
  expect(status.outcome).toMatchObject({ result: 'RolledBack' });
  expect(status.events.map((e) => e.type)).toEqual(expect.arrayContaining(['candidate.kept']));
  expect(status.events.map((e) => e.type)).not.toContain('candidate.deleted');
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['blue', 'green']);
  expect(await model()).toBe('azureml:heart-classifier:2');
}, 180_000);
