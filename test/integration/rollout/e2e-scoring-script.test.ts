// Azure's safe-rollout example end to end on the emulator's regression endpoint: a custom model behind a scoring
// script and an environment (examples/safe-rollout/green-deployment.yml), validated with the example's sample
// request. Version 2 goes all the way; version 3 (answers far off, errors) is rolled back at validation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Stage } from '../../../domain/plan';
import { liveOnly, useE2E } from '../../support/rollout-e2e';
import { settle, summary, testPlan } from '../../support/rollout-harness';

const rig = useE2E({ endpoint: 'regression-ep', rps: 40 });
const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'safe-rollout');
const green = parse(readFileSync(join(EXAMPLE, 'green-deployment.yml'), 'utf8'));
const sample = JSON.parse(readFileSync(join(EXAMPLE, 'sample-request.json'), 'utf8'));

function plan(version: number, stages: Stage[]) {
  const { $schema: _schema, ...deployment } = green;
  return testPlan({
    endpoint: 'regression-ep',
    // Sized for the test's live traffic: Azure answers 429 past 2 x max_concurrent x instances in flight.
    candidate: {
      ...deployment,
      endpoint_name: 'regression-ep', // the example's file is for its new endpoint, my-endpoint
      model: `azureml:sklearn-regression:${version}`,
      instance_count: 4,
      request_settings: { ...deployment.request_settings, max_concurrent_requests_per_instance: 8 },
    },
    // Version 2 fails 0.1% of requests: one error in the 10 to 20 requests a loaded machine sends in a 3 s bake is
    // 5 to 10%, so the limit is 10% (two errors fail it). Version 3 is stopped by validation, not by this limit.
    analysis: { judge: 'threshold', interval: '1s', minRequests: 10, maxProviderErrors: 2, slo: { maxErrorRate: 0.1 } },
    stages,
  });
}

it('rolls the retrained version 2 out to Succeeded: its scoring script and environment on green, at 100%', async () => {
  const stages = [
    { kind: 'deploy' },
    { kind: 'validate', requests: 20, request: sample },
    { kind: 'canary', weight: 30, bake: '3s' },
    { kind: 'promote', watch: '2s' },
    { kind: 'cleanup', delay: '0s' },
  ] as Stage[];
  const status = await settle(await rig.harness.start(plan(2, stages)));
  expect(summary(status)).toMatchObject({ state: 'Succeeded' });
  expect(liveOnly(rig.live())).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });
  const deployed = await rig.azure.arm.onlineDeployments.get(
    rig.target.resourceGroup,
    rig.target.workspace,
    'regression-ep',
    'green',
  );
  expect(deployed.properties).toMatchObject({
    model: expect.stringContaining('sklearn-regression'),
    codeConfiguration: { scoringScript: 'score.py', codeId: expect.stringContaining('regression-score') },
    environmentId: expect.stringContaining('sklearn-regression-env'),
  });
  const validation = status.gates.find((g) => g.stage === 'validate');
  expect(validation?.verdict).toMatchObject({ kind: 'pass', evidence: { agreement: 1 } });
});

it('rolls version 3 back at validation: its answers are far from version 1 on the sample request', async () => {
  const stages = [
    { kind: 'deploy' },
    { kind: 'validate', requests: 20, request: sample, maxErrorRate: 0.5 },
    { kind: 'canary', weight: 30, bake: '3s' },
    { kind: 'promote', watch: '2s' },
  ] as Stage[];
  const status = await settle(await rig.harness.start(plan(3, stages)));
  expect(summary(status)).toMatchObject({ state: 'RolledBack' });
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  const validation = status.gates.find((g) => g.stage === 'validate');
  expect(validation?.verdict).toMatchObject({ kind: 'fail', rule: 'validate.agreement' });
});
