// A full rollout on the seeded Kubernetes online endpoint `heart-k8s`, through the official SDK and real Temporal:
// the candidate on one of the attached compute's instance types, no mirror stage (Azure has none on Kubernetes, and
// the plan check refuses one with Azure's reason before anything changes), the same gates, promotion and cleanup as
// on a managed endpoint, and a bad version rolled back.
import { e2ePlan, liveOnly, useE2E } from '../../support/rollout-e2e';
import { settle, summary } from '../../support/rollout-harness';
import type { Stage } from '../../../domain/plan';
import { heartRequest } from '../../support/heart-request';

const rig = useE2E({ endpoint: 'heart-k8s', rps: 40 });

const candidate = (version: number, instanceType = 'cpu-large') => ({
  model: `azureml:heart-classifier:${version}`,
  instance_type: instanceType,
  instance_count: 4,
  request_settings: { max_concurrent_requests_per_instance: 8 },
});

const STAGES = [
  { kind: 'deploy' },
  { kind: 'validate', requests: 20, request: heartRequest(3) },
  { kind: 'canary', weight: 20, bake: '3s' },
  { kind: 'canary', weight: 50, bake: '3s' },
  { kind: 'promote', watch: '2s' },
  { kind: 'cleanup' },
] as Stage[];

it('takes version 2 to Succeeded on the Kubernetes endpoint: green on cpu-large at 100%, blue deleted', async () => {
  const plan = e2ePlan(2, { endpoint: 'heart-k8s', candidate: candidate(2), stages: STAGES });
  const status = await settle(await rig.harness.start(plan));
  expect(summary(status)).toMatchObject({ state: 'Succeeded', traffic: { green: 100 }, mirror: {} });
  expect(status.gates.filter((g) => g.verdict.kind === 'pass').map((g) => g.stage)).toEqual([
    'validate',
    'canary',
    'canary',
    'promote',
  ]);
  const { resourceGroup: rg, workspace: ws } = rig.target;
  const green = await rig.azure.arm.onlineDeployments.get(rg, ws, 'heart-k8s', 'green');
  expect({
    computeType: green.properties.endpointComputeType,
    instanceType: green.properties.instanceType,
    capacity: green.sku?.capacity,
  }).toEqual({ computeType: 'Kubernetes', instanceType: 'cpu-large', capacity: 4 });
  const endpoint = await rig.azure.arm.onlineEndpoints.get(rg, ws, 'heart-k8s');
  expect(liveOnly({ traffic: endpoint.properties.traffic ?? {}, mirrorTraffic: {} }).traffic).toEqual({ green: 100 });
  expect(rig.deployments()).toEqual(['green']);
});

it('rolls version 3 back on the Kubernetes endpoint: blue 100% again, the candidate deleted', async () => {
  const stages = [
    { kind: 'deploy' },
    { kind: 'validate', requests: 20, maxErrorRate: 0.5, minAgreement: 0.5, request: heartRequest(3) },
    { kind: 'canary', weight: 50, bake: '20s' },
    { kind: 'promote', watch: '2s' },
  ] as Stage[];
  const plan = e2ePlan(3, { endpoint: 'heart-k8s', candidate: candidate(3), stages });
  const status = await settle(await rig.harness.start(plan));
  expect(summary(status)).toMatchObject({ state: 'RolledBack', traffic: { blue: 100 } });
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['blue']);
});

it("refuses a mirror stage and an instance type the compute does not offer, with Azure's reason, changing nothing", async () => {
  const stages = [STAGES[0], { kind: 'mirror', percent: 20, duration: '3s' }, ...STAGES.slice(2)] as Stage[];
  const plan = e2ePlan(2, { endpoint: 'heart-k8s', candidate: candidate(2, 'Standard_DS3_v2'), stages });
  const status = await settle(await rig.harness.start(plan));
  expect(status.state).toBe('Refused');
  const problems = status.events.find((e) => e.type === 'plan.refused')?.details?.problems as { rule: string }[];
  expect(problems.map((p) => p.rule)).toEqual(['mirror.kubernetes', 'instanceType.kubernetes']);
  expect(status.outcome?.reason).toMatch(/Mirroring isn't currently supported for Kubernetes online endpoints/);
  expect(rig.deployments()).toEqual(['blue']);
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
});
