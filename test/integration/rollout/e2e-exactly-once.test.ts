// Every request the rollout's gates judge is counted exactly once: live emulator traffic through mirror, two canary
// steps and the watch on the accelerated test clock (0.5 s grain, 2 s lag), and each gate's evidence checked
// against the emulator's request log (test/support/exactly-once.ts). Azure's own clock runs the same code path with
// a 60 s grain: e2e-exactly-once-azure-clock.test.ts.
import { e2ePlan, startE2E, ENDPOINT, type E2E } from '../../support/rollout-e2e';
import { settle } from '../../support/rollout-harness';
import { TEST_METRICS_CLOCK } from '../../support/emulator';
import { expectEachRequestCountedOnce } from '../../support/exactly-once';
import type { Stage } from '../../../domain/plan';

let rig: E2E;
beforeAll(async () => {
  rig = await startE2E({ rps: 40 });
});
afterAll(() => rig?.close());

it('counts every served baseline and candidate request once across all gates, none twice, none skipped', async () => {
  const stages = [
    { kind: 'deploy' },
    { kind: 'mirror', percent: 20, duration: '3s' },
    { kind: 'canary', weight: 20, bake: '3s' },
    { kind: 'canary', weight: 50, bake: '3s' },
    { kind: 'promote', watch: '2s' },
  ] as Stage[];
  const analysis = { judge: 'threshold' as const, interval: '1s', minRequests: 10, maxProviderErrors: 2 };
  const status = await settle(await rig.harness.start(e2ePlan(2, { stages, analysis })));
  expect(status.state).toBe('Succeeded');

  expectEachRequestCountedOnce(status, rig.emulator, {
    endpoint: ENDPOINT,
    grainMs: TEST_METRICS_CLOCK.service.grainMs,
    plannedMs: { 1: 3000, 2: 3000, 3: 3000, 4: 2000 },
  });
}, 180_000);
