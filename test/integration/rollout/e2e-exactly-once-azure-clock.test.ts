// Exactly once on Azure's own clock: the emulator at its defaults (60 s grain, 60 s ingestion delay plus up to 120 s
// of jitter, late arrivals) and the worker reading 60 s grains with a 3 min lag. A 2 min canary bake ends before its
// last minute is ingested, so its final gate holds `pending` until the lag passes; each gate's evidence is then held
// against the emulator's request log. About five minutes of wall time.
import { e2ePlan, startE2E, ENDPOINT, type E2E } from '../../support/rollout-e2e';
import { settle } from '../../support/rollout-harness';
import { AZURE_TEST_METRICS_CLOCK } from '../../support/emulator';
import { expectEachRequestCountedOnce } from '../../support/exactly-once';
import type { Stage } from '../../../domain/plan';

let rig: E2E;
beforeAll(async () => {
  rig = await startE2E({ rps: 40, metrics: AZURE_TEST_METRICS_CLOCK });
});
afterAll(() => rig?.close());

it("counts every served request once across all gates on Azure's one-minute grain with ingestion delay", async () => {
  expect(rig.emulator.info.metrics).toMatchObject({ clock: 'azure', grain: 'PT1M', ingestionJitterMs: 120_000 });
  const stages = [
    { kind: 'deploy' },
    { kind: 'canary', weight: 20, bake: '2m' },
    { kind: 'promote', watch: '0s' },
  ] as Stage[];
  const analysis = { judge: 'threshold' as const, interval: '1m', minRequests: 10, maxProviderErrors: 2 };
  const status = await settle(await rig.harness.start(e2ePlan(2, { stages, analysis })));
  expect(status.state).toBe('Succeeded');

  const canaryGates = status.gates.filter((g) => g.stageIndex === 1);
  // Gates ran while the bake's grains were still inside the lag: they read nothing, and counted nothing.
  expect(canaryGates[0].verdict.evidence.read).toEqual({ grains: 0 });
  const total = expectEachRequestCountedOnce(status, rig.emulator, {
    endpoint: ENDPOINT,
    grainMs: AZURE_TEST_METRICS_CLOCK.service.grainMs,
    plannedMs: { 1: 120_000 },
  });
  // 40 rps at 20 % for at least one whole minute; a loaded machine sends less than asked.
  expect(total.candidate).toBeGreaterThan(100);
}, 540_000);
