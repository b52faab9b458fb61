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
    endpoint_name: 'regression-ep', // the example's file is for its new endpoint, my-endpoint
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
    requestSettings: { requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 4 },
    livenessProbe: { initialDelay: 'PT10S', period: 'PT10S' },
    readinessProbe: { initialDelay: 'PT10S', period: 'PT10S' },
  });
  // Newer than SDK 2.1.1's api-version: sent by the deployment-properties policy, kept by the SDK's deserializer.
  expect((read.properties as { dataCollector?: unknown }).dataCollector).toEqual({
    collections: { model_inputs: { dataCollectionMode: 'Enabled', samplingRate: 1 } },
    rollingRate: 'Hour',
  });
});

it('creates a Kubernetes deployment with its container resources and target-utilization scaling', async () => {
  const target = { ...env.target, endpoint: 'heart-k8s' };
  const candidate = candidateSchema.parse({
    type: 'kubernetes',
    endpoint_name: 'heart-k8s',
    model: 'azureml:heart-classifier:2',
    instance_type: 'defaultinstancetype',
    resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    scale_settings: { type: 'target_utilization', min_instances: 1, max_instances: 3, polling_interval: 10 },
  });
  await env.activities.createDeployment({ target, name: 'green', candidate, model: 'azureml:heart-classifier:2' });

  const { resourceGroup, workspace } = env.scope;
  const read = await env.azure.arm.onlineDeployments.get(resourceGroup, workspace, 'heart-k8s', 'green');
  expect(read.properties).toMatchObject({
    endpointComputeType: 'Kubernetes',
    instanceType: 'defaultinstancetype',
    containerResourceRequirements: {
      containerResourceRequests: { cpu: '100m', memory: '512Mi' },
      containerResourceLimits: { cpu: '1', memory: '1Gi' },
    },
    scaleSettings: { scaleType: 'TargetUtilization', minInstances: 1, maxInstances: 3, pollingInterval: 'PT10S' },
  });
});
