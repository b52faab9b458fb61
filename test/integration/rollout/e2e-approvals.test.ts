// Approval gates and a metrics outage end to end on the emulator: approve continues, reject rolls back, a
// timeout does what the plan says; a metrics outage pauses the rollout and never promotes.
import { e2ePlan, liveOnly, useE2E } from '../../support/rollout-e2e';
import { waitForStatus, settle } from '../../support/rollout-harness';
import { approveUpdate, rejectUpdate, resumeUpdate, statusQuery } from '../../../workflows/messages';
import type { Stage } from '../../../domain/plan';

const rig = useE2E();

const gated = (timeout: string, onTimeout: 'approve' | 'reject' | 'pause') =>
  [
    { kind: 'deploy' },
    { kind: 'approval', name: 'go-live', timeout, onTimeout },
    { kind: 'promote', watch: '1s' },
  ] as Stage[];

it('waits at the approval gate and continues when approved', async () => {
  const handle = await rig.harness.start(e2ePlan(2, { stages: gated('5m', 'reject') }));
  const waiting = await waitForStatus(handle, (s) => s.state === 'AwaitingApproval');
  expect(waiting.awaiting?.gate).toBe('go-live');
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  await handle.executeUpdate(approveUpdate, { args: [{ actor: 'alice', gate: 'go-live', comment: 'lgtm' }] });
  const status = await settle(handle);
  expect(status.state).toBe('Succeeded');
  expect(status.events.find((e) => e.type === 'approval.approved')).toMatchObject({ actor: 'alice' });
  expect(liveOnly(rig.live())).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });
});

it('rolls back when the gate is rejected', async () => {
  const handle = await rig.harness.start(e2ePlan(2, { stages: gated('5m', 'approve') }));
  await waitForStatus(handle, (s) => s.state === 'AwaitingApproval');
  await handle.executeUpdate(rejectUpdate, { args: [{ actor: 'alice', reason: 'release freeze' }] });
  const status = await settle(handle);
  expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: 'release freeze' });
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['blue']);
});

it.each([
  ['approve', 'Succeeded', { green: 100 }],
  ['reject', 'RolledBack', { blue: 100 }],
] as const)('does what the plan says when the gate times out: %s', async (onTimeout, result, traffic) => {
  const status = await settle(await rig.harness.start(e2ePlan(2, { stages: gated('2s', onTimeout) })));
  expect(status.state).toBe(result);
  expect(status.events.map((e) => e.type)).toContain('approval.timedOut');
  expect(liveOnly(rig.live())).toEqual({ traffic, mirrorTraffic: {} });
});

it('pauses on a metrics outage and never promotes without evidence', async () => {
  const handle = await rig.harness.start(
    e2ePlan(2, {
      stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 30, bake: '3s' }, { kind: 'promote', watch: '1s' }],
    }),
  );
  await waitForStatus(handle, (s) => s.state === 'Canary');
  rig.emulator.faults.metricsOutage(true);
  const paused = await waitForStatus(handle, (s) => s.paused, 30_000);
  expect(paused.events.at(-1)).toMatchObject({ type: 'paused', actor: 'system' });
  expect(paused.events.filter((e) => e.type === 'metrics.unavailable').length).toBeGreaterThan(2);
  await new Promise((r) => setTimeout(r, 4_000));
  expect((await handle.query(statusQuery)).state).toBe('Canary');
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 70, green: 30 }, mirrorTraffic: {} });
  rig.emulator.faults.metricsOutage(false);
  await handle.executeUpdate(resumeUpdate, { args: [{ actor: 'sam', reason: 'Azure Monitor is back' }] });
  const status = await settle(handle);
  expect(status.state).toBe('Succeeded');
});
