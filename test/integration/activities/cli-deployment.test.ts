// A CLI v2 deployment created through the real SDK against the emulator: the safe-rollout example's green (a custom
// model with its scoring script, environment `@latest`, probes, request settings, a data collector) arrives in
// Azure as the ARM body the mapping promises, read back field by field through the SDK.
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { candidateSchema } from '../../../domain/candidate';
import { useActivitiesEnv } from '../../support/activities-env';

const env = useActivitiesEnv({ endpoint: 'regression-ep' });

const green = () =>
  candidateSchema.parse({
    ...(parse(readFileSync(join(__dirname, '../../../examples/safe-rollout/green-deployment.yml'), 'utf8')) as object),
    environment: 'azureml:sklearn-regression-env@latest',
    data_collector: { collections: { model_inputs: { enabled: 'true' } }, rolling_rate: 'hour', sampling_rate: 1 },
  });

it('creates the deployment with every field mapped, the environment @latest resolved, and reads it back', async () => {
  const info = await env.activities.createDeployment({
    target: env.target,
    name: 'green',
    candidate: green(),
    model: 'azureml:sklearn-regression:2',
  });
  expect(info).toMatchObject({ name: 'green', model: 'azureml:sklearn-regression:2', provisioningState: 'Succeeded' });

  const { resourceGroup, workspace } = env.scope;
  const ws = `/subscriptions/${env.target.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${workspace}`;
  const read = await env.azure.arm.onlineDeployments.get(resourceGroup, workspace, 'regression-ep', 'green');
  expect(read.sku?.capacity).toBe(1);
  expect(read.properties).toMatchObject({
    endpointComputeType: 'Managed',
    model: `${ws}/models/sklearn-regression/versions/2`,
    codeConfiguration: { codeId: `${ws}/codes/regression-score/versions/1`, scoringScript: 'score.py' },
    environmentId: `${ws}/environments/sklearn-regression-env/versions/1`,
    instanceType: 'Standard_DS3_v2',
    requestSettings: { requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1 },
    livenessProbe: { initialDelay: 'PT10S', period: 'PT10S' },
    readinessProbe: { initialDelay: 'PT10S', period: 'PT10S' },
  });
  // Newer than SDK 2.1.1's api-version: sent by the deployment-properties policy, kept by the SDK's deserializer.
  expect((read.properties as { dataCollector?: unknown }).dataCollector).toEqual({
    collections: { model_inputs: { dataCollectionMode: 'Enabled', samplingRate: 1 } },
    rollingRate: 'Hour',
  });
});
