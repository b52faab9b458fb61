// A first release, end to end through the official SDK and real Temporal: a plan for an endpoint that does not exist
// (its CLI v2 endpoint YAML fields) creates it, deploys blue, validates it and takes it to 100% with absolute SLO
// gates only; a bad first release is rolled back by deleting what it created. Plans that compare with a baseline
// that does not exist are refused before anything changes.
import { e2ePlan, useE2E } from '../../support/rollout-e2e';
import { settle, summary } from '../../support/rollout-harness';
import { waitFor } from '../../support/wait';
import type { Stage } from '../../../domain/plan';
import { heartRequest } from '../../support/heart-request';

const EP = 'first-ep';
const rig = useE2E({ endpoint: EP });

const STAGES = [
  { kind: 'deploy' },
  { kind: 'validate', requests: 20, request: heartRequest(3) },
  { kind: 'promote', watch: '4s' },
] as Stage[];

const plan = (version: number, stages = STAGES, extra: Record<string, unknown> = {}) =>
  e2ePlan(version, {
    endpoint: EP,
    endpointSpec: {
      $schema: 'https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json',
      name: EP,
      auth_mode: 'key',
    },
    candidate: {
      name: 'blue',
      model: `azureml:heart-classifier:${version}`,
      instance_count: 2,
      request_settings: { max_concurrent_requests_per_instance: 8 },
    },
    stages,
    ...extra,
  });

/** Live traffic to the new endpoint from the moment it exists (callers find it only once it is created). */
async function trafficOnceCreated(): Promise<void> {
  await waitFor('the endpoint', async () => rig.emulator.context.getEndpoint(EP), 60_000, 100);
  await rig.emulator.faults.traffic.start({ rps: 40, endpoint: EP });
}

const endpointExists = async () =>
  rig.azure.arm.onlineEndpoints.get(rig.target.resourceGroup, rig.target.workspace, EP).then(
    () => true,
    (e: { statusCode?: number }) => (e.statusCode === 404 ? false : Promise.reject(e)),
  );

it('creates the endpoint, deploys and validates blue, and takes it to 100% on absolute SLO gates', async () => {
  expect(await endpointExists()).toBe(false);
  const handle = await rig.harness.start(plan(1));
  const traffic = trafficOnceCreated();
  const status = await settle(handle);
  await traffic;
  expect(summary(status)).toMatchObject({ state: 'Succeeded', traffic: { blue: 100 }, mirror: {} });
  expect(status.events.map((e) => e.type)).toEqual(
    expect.arrayContaining(['plan.checked', 'endpoint.created', 'deployment.created']),
  );
  const decided = status.gates.filter((g) => g.verdict.kind !== 'continue');
  expect(decided.map((g) => [g.stage, g.verdict.kind])).toEqual([
    ['validate', 'pass'],
    ['promote', 'pass'],
  ]);
  const { resourceGroup: rg, workspace: ws } = rig.target;
  const endpoint = await rig.azure.arm.onlineEndpoints.get(rg, ws, EP);
  expect({ authMode: endpoint.properties.authMode, traffic: endpoint.properties.traffic }).toEqual({
    authMode: 'Key',
    traffic: { blue: 100 },
  });
  expect(rig.deployments()).toEqual(['blue']);
});

it('rolls a bad first release back by deleting the endpoint it created', async () => {
  const handle = await rig.harness.start(plan(3, [{ kind: 'deploy' }, { kind: 'promote', watch: '20s' }] as Stage[]));
  const traffic = trafficOnceCreated();
  const status = await settle(handle);
  await traffic;
  await rig.emulator.faults.traffic.stop();
  expect(summary(status)).toMatchObject({ state: 'RolledBack' });
  expect(status.gates.at(-1)).toMatchObject({ stage: 'promote', verdict: { kind: 'fail' } });
  expect(status.events.map((e) => e.type)).toEqual(expect.arrayContaining(['endpoint.created', 'endpoint.deleted']));
  expect(await endpointExists()).toBe(false);
});

it('refuses canary, mirror and baseline-relative limits in a first release, and a spec naming another endpoint', async () => {
  const stages = [
    { kind: 'deploy' },
    { kind: 'mirror', percent: 10, duration: '2s' },
    { kind: 'canary', weight: 10, bake: '2s' },
    { kind: 'promote' },
  ] as Stage[];
  const bad = plan(1, stages, {
    endpointSpec: { name: 'other-ep', auth_mode: 'key' },
    analysis: { judge: 'threshold', interval: '1s', minRequests: 10, slo: { maxErrorRateIncrease: 0.01 } },
  });
  const status = await settle(await rig.harness.start(bad));
  expect(status.state).toBe('Refused');
  const problems = status.events.find((e) => e.type === 'plan.refused')?.details?.problems as {
    path: string;
    rule: string;
  }[];
  expect(problems.map((p) => `${p.path}:${p.rule}`)).toEqual([
    'endpointSpec.name:endpoint.nameMatches',
    'stages[1].kind:firstRelease.noMirror',
    'stages[2].kind:firstRelease.noCanary',
    'analysis.slo.maxErrorRateIncrease:firstRelease.absoluteSlo',
  ]);
  expect(await endpointExists()).toBe(false);
});
