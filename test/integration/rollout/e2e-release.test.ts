// End to end on the emulator's live traffic: a good release (version 2) goes all the way, a bad one (version 3)
// is rolled back at the first gate that sees it, and a second rollout on the same endpoint is refused.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { e2ePlan, liveOnly, useE2E } from '../../support/rollout-e2e';
import { azurePorts, createActivities } from '../../../activities';
import { summary, settle } from '../../support/rollout-harness';
import type { Stage } from '../../../domain/plan';
import type { TrafficState } from '../../../domain/endpoint';
import { heartRequest } from '../../support/heart-request';

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
const state = (traffic: Record<string, number>, mirrorTraffic: Record<string, number> = {}): string =>
  JSON.stringify({ traffic, mirrorTraffic } satisfies TrafficState);

it('takes version 2 through every stage to Succeeded: green 100%, no mirror, blue deleted', async () => {
  const stages = [
    { kind: 'deploy' },
    { kind: 'validate', requests: 30, request: heartRequest(3) },
    { kind: 'mirror', percent: 20, duration: '4s' },
    { kind: 'canary', weight: 20, bake: '4s' },
    { kind: 'canary', weight: 50, bake: '3s' },
    { kind: 'promote', watch: '3s' },
    { kind: 'cleanup', delay: '1s' },
  ] as Stage[];
  const watch = watchTraffic();
  const analysis = { judge: 'sequential' as const, interval: '1s', minRequests: 10 };
  const handle = await rig.harness.start(e2ePlan(2, { stages, analysis }));
  const second = rig.harness.start(e2ePlan(2, { stages }));
  await expect(second).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  await expect(second).rejects.toMatchObject({ workflowId: handle.workflowId });
  const status = await settle(handle);
  watch.stop();
  expect({
    state: status.state,
    outcome: status.outcome?.reason,
    lastGate: status.gates.at(-1)?.verdict.reasons,
  }).toMatchObject({ state: 'Succeeded', outcome: 'every stage passed' });
  expect({ traffic: status.traffic, mirrorTraffic: status.mirrorTraffic }).toEqual({
    traffic: { green: 100 },
    mirrorTraffic: {},
  });
  // Read back through the official SDK, as a user would (SDK 2.1.1 drops mirrorTraffic: read it as getTraffic does).
  const endpoint = await rig.azure.arm.onlineEndpoints.get(rig.target.resourceGroup, rig.target.workspace, 'heart-ep');
  expect(liveOnly({ traffic: endpoint.properties.traffic ?? {}, mirrorTraffic: {} }).traffic).toEqual({ green: 100 });
  const readBack = await createActivities({ ports: azurePorts(rig.azure) }).getTraffic({ target: rig.target });
  expect(liveOnly(readBack)).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });
  const names: string[] = [];
  for await (const d of rig.azure.arm.onlineDeployments.list(
    rig.target.resourceGroup,
    rig.target.workspace,
    'heart-ep',
  )) {
    names.push(d.name!);
  }
  expect(names).toEqual(['green']);
  expect(watch.states()).toEqual([
    state({ blue: 100 }),
    state({ blue: 100 }, { green: 20 }),
    state({ blue: 100 }),
    state({ blue: 80, green: 20 }),
    state({ blue: 50, green: 50 }),
    state({ green: 100 }),
  ]);
  expect(status.gates.filter((g) => g.verdict.kind === 'pass').map((g) => g.stage)).toEqual([
    'validate',
    'mirror',
    'canary',
    'canary',
    'promote',
  ]);
});

it('rolls version 3 back at the first gate that sees it (metrics delayed), with the failing evidence in the status', async () => {
  const stages = [
    { kind: 'deploy' },
    { kind: 'validate', requests: 30, maxErrorRate: 0.5, minAgreement: 0.5, request: heartRequest(3) },
    { kind: 'mirror', percent: 50, duration: '30s' },
    { kind: 'canary', weight: 20, bake: '30s' },
    { kind: 'promote', watch: '3s' },
  ] as Stage[];
  // Azure Monitor's ingestion delay, and the plan's matching lag: gates read up to 1 s ago.
  rig.emulator.faults.metricsDelay(1_000);
  const analysis = { judge: 'threshold' as const, interval: '1s', minRequests: 20, metricsLag: '1s' };
  const status = await settle(await rig.harness.start(e2ePlan(3, { stages, analysis })));
  expect(summary(status)).toMatchObject({ state: 'RolledBack', traffic: { blue: 100 }, mirror: {} });
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['blue']);
  const failing = status.gates.at(-1)!;
  expect(failing).toMatchObject({ stage: 'mirror', verdict: { kind: 'fail' } });
  expect(failing.verdict.evidence).toBeDefined();
  expect(status.events.map((e) => e.type)).toEqual(expect.arrayContaining(['rollback.started', 'rollback.verified']));
  expect(status.outcome?.reason).toMatch(/gate failed in mirror/);
});
