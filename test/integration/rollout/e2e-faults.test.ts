// Injected Azure faults on the emulator: 429 and 5xx during deploy and traffic changes are retried; an operation
// that ends Failed (during deploy, or during a traffic change) ends in a clean, verified rollback.
import { e2ePlan, liveOnly, useE2E } from '../../support/rollout-e2e';
import { waitForStatus, settle } from '../../support/rollout-harness';
import type { Stage } from '../../../domain/plan';

const rig = useE2E({ rps: 50 });

const stages = [
  { kind: 'deploy' },
  { kind: 'canary', weight: 30, bake: '3s' },
  { kind: 'promote', watch: '1s' },
] as Stage[];
const endpointPut = { method: 'PUT', path: 'onlineEndpoints/heart-ep$' };
const greenPut = { method: 'PUT', path: 'deployments/green$' };

it('retries 429 and 5xx on the deployment and the traffic changes, then succeeds', async () => {
  // Retry-After: 0 must still be retried (Temporal reads a zero nextRetryDelay as no retry).
  rig.emulator.faults.throttle({ ...greenPut, count: 3, retryAfterSeconds: 0 });
  rig.emulator.faults.serverErrors({ ...endpointPut, count: 3, status: 503 });
  const status = await settle(await rig.harness.start(e2ePlan(2, { stages })));
  expect({ state: status.state, outcome: status.outcome?.reason }).toEqual({
    state: 'Succeeded',
    outcome: 'every stage passed',
  });
  expect(liveOnly(rig.live())).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });
  expect(rig.emulator.faults.describe()).toMatchObject({ throttles: [], serverErrors: [] });
});

it('rolls back cleanly when the deployment operation ends Failed', async () => {
  rig.emulator.faults.failNextOperation({ ...greenPut, code: 'OutOfQuota', message: 'no quota left' });
  const status = await settle(await rig.harness.start(e2ePlan(2, { stages })));
  expect(status.state).toBe('RolledBack');
  expect(status.outcome?.reason).toMatch(/AzureOperationFailed/);
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['blue']);
});

it('rolls back cleanly when a traffic change ends Failed mid-rollout', async () => {
  const handle = await rig.harness.start(
    e2ePlan(2, {
      stages: [
        { kind: 'deploy' },
        { kind: 'canary', weight: 30, bake: '3s' },
        { kind: 'canary', weight: 50, bake: '2s' },
        { kind: 'promote', watch: '1s' },
      ],
    }),
  );
  await waitForStatus(handle, (s) => s.state === 'Canary');
  rig.emulator.faults.failNextOperation({ ...endpointPut, code: 'InternalServerError', message: 'update failed' });
  const status = await settle(handle);
  expect(status.state).toBe('RolledBack');
  expect(status.events.map((e) => e.type)).toContain('rollback.verified');
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['blue']);
});
