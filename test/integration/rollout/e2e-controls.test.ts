// Rollback by update during mirror, canary and the post-promotion watch, and pause/resume, end to end on the
// emulator's live traffic.
import { ENDPOINT, e2ePlan, liveOnly, useE2E } from '../../support/rollout-e2e';
import { waitForStatus, settle } from '../../support/rollout-harness';
import { waitFor } from '../../support/wait';
import { pauseUpdate, resumeUpdate, rollbackUpdate, statusQuery } from '../../../workflows/messages';
import type { RolloutState } from '../../../domain/status';
import type { PlanInput } from '../../../domain/plan';

// A short heartbeat throttle: a cancellation reaches a running activity within a poll, as it may on any worker.
const rig = useE2E({ workerExtra: { defaultHeartbeatThrottleInterval: '100ms' } });

it.each<[RolloutState, PlanInput['stages']]>([
  ['Mirroring', [{ kind: 'deploy' }, { kind: 'mirror', percent: 20, duration: '60s' }]],
  ['Canary', [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '60s' }]],
  ['Watching', [{ kind: 'deploy' }, { kind: 'promote', watch: '60s' }, { kind: 'cleanup', delay: '0s' }]],
])('rolls back on request during %s: blue 100%%, mirror cleared, verified', async (state, stages) => {
  const handle = await rig.harness.start(e2ePlan(2, { stages }));
  await waitForStatus(handle, (s) => s.state === state);
  await handle.executeUpdate(rollbackUpdate, { args: [{ actor: 'sre:sam', reason: 'error budget alert' }] });
  const status = await settle(handle);
  expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: 'error budget alert' });
  expect(status.events.find((e) => e.type === 'rollback.requested')).toMatchObject({ actor: 'sre:sam' });
  expect(status.events.map((e) => e.type)).toContain('rollback.verified');
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['blue']);
});

it('rolls back only after a canary traffic change Azure has accepted has landed, and then undoes it', async () => {
  // Each operation runs 3 s: the rollback arrives while Azure is still applying the canary's 20 %.
  rig.emulator.faults.setProvisioningMs(3_000);
  const stages: PlanInput['stages'] = [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '60s' }];
  const handle = await rig.harness.start(e2ePlan(2, { stages }));
  const endpoint = () => rig.emulator.context.getEndpoint(ENDPOINT)!;
  await waitForStatus(handle, (s) => s.state === 'Canary');
  await waitFor('the canary update in flight', () => endpoint().provisioningState === 'Updating' || undefined, 30_000);
  await handle.executeUpdate(rollbackUpdate, { args: [{ actor: 'sre:sam', reason: 'mid-update rollback' }] });
  const status = await settle(handle);
  expect(status.outcome).toMatchObject({ result: 'RolledBack' });
  expect(status.events.map((e) => e.type)).toContain('rollback.verified');
  // Nothing is left running in Azure that could still move traffic after the verification.
  expect(endpoint().provisioningState).toBe('Succeeded');
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
});

it('pause freezes the bake and its timer; resume finishes the remaining time', async () => {
  const handle = await rig.harness.start(
    e2ePlan(2, {
      stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 30, bake: '3s' }, { kind: 'promote', watch: '1s' }],
    }),
  );
  await waitForStatus(handle, (s) => s.state === 'Canary');
  await handle.executeUpdate(pauseUpdate, { args: [{ actor: 'sam', reason: 'looking at a dashboard' }] });
  await new Promise((r) => setTimeout(r, 5_000));
  const frozen = await handle.query(statusQuery);
  expect(frozen).toMatchObject({ state: 'Canary', paused: true });
  const gatesWhilePaused = frozen.gates.length;
  await new Promise((r) => setTimeout(r, 1_500));
  expect((await handle.query(statusQuery)).gates).toHaveLength(gatesWhilePaused);
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 70, green: 30 }, mirrorTraffic: {} });
  await handle.executeUpdate(resumeUpdate, { args: [{ actor: 'sam' }] });
  const status = await settle(handle);
  expect(status.state).toBe('Succeeded');
  expect(status.gates.filter((g) => g.stage === 'canary').length).toBeGreaterThan(gatesWhilePaused);
});
