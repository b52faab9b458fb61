// The CLI v2 deployment YAML → ARM body mapping, every field: references to ARM ids (registry URIs unchanged),
// milliseconds and seconds to ISO 8601, the compute-type fields, and dataCollector beside the body.
import { deploymentBody, modelRefOf } from '../../../../activities/azure/deployment-body';
import { candidateSchema, type CandidateInput } from '../../../../domain/candidate';

const scope = { subscriptionId: 'sub-1', resourceGroup: 'rg-1', workspace: 'ws-1' };
const WS = '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1';

function build(yaml: CandidateInput, computeType: 'Managed' | 'Kubernetes' = 'Managed', environment?: string) {
  const candidate = candidateSchema.parse(yaml);
  return deploymentBody({ candidate, model: candidate.model, environment, location: 'eastus', computeType, scope });
}

const MANAGED: CandidateInput = {
  $schema: 'https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json',
  name: 'green',
  endpoint_name: 'sklearn-ep',
  type: 'managed',
  description: 'version 2 of the regression model',
  tags: { team: 'risk' },
  properties: { owner: 'ml-platform' },
  model: 'azureml:sklearn-regression:2',
  model_mount_path: '/var/model',
  code_configuration: { code: 'azureml:score-code:1', scoring_script: 'score.py' },
  environment: 'azureml:sklearn-env@latest',
  environment_variables: { WORKERS: 2, MODE: 'fast' },
  instance_type: 'Standard_DS2_v2',
  instance_count: 3,
  scale_settings: { type: 'default' },
  request_settings: { request_timeout_ms: 90_000, max_concurrent_requests_per_instance: 4, max_queue_wait_ms: 500 },
  liveness_probe: { period: 10, initial_delay: 30, timeout: 2, success_threshold: 1, failure_threshold: 30 },
  readiness_probe: { period: 5, initial_delay: 1, timeout: 3, success_threshold: 2, failure_threshold: 3 },
  app_insights_enabled: true,
  egress_public_network_access: 'disabled',
  data_collector: {
    collections: {
      model_inputs: {
        enabled: 'true',
        data: 'azureml:inputs-data:1',
        client_id: '11111111-2222-4333-8444-555555555555',
      },
      model_outputs: { enabled: false },
    },
    rolling_rate: 'hour',
    sampling_rate: 0.5,
    request_logging: { capture_headers: ['x-request-id'] },
  },
};

describe('deploymentBody', () => {
  it('maps every field of a managed deployment to the ARM body', () => {
    const { body, extraProperties } = build(MANAGED, 'Managed', 'azureml:sklearn-env:2');
    expect(body).toEqual({
      location: 'eastus',
      tags: { team: 'risk' },
      sku: { name: 'Default', capacity: 3 },
      properties: {
        endpointComputeType: 'Managed',
        description: 'version 2 of the regression model',
        properties: { owner: 'ml-platform' },
        model: `${WS}/models/sklearn-regression/versions/2`,
        modelMountPath: '/var/model',
        codeConfiguration: { codeId: `${WS}/codes/score-code/versions/1`, scoringScript: 'score.py' },
        environmentId: `${WS}/environments/sklearn-env/versions/2`,
        environmentVariables: { WORKERS: '2', MODE: 'fast' },
        instanceType: 'Standard_DS2_v2',
        appInsightsEnabled: true,
        egressPublicNetworkAccess: 'Disabled',
        scaleSettings: { scaleType: 'Default' },
        requestSettings: { requestTimeout: 'PT90S', maxConcurrentRequestsPerInstance: 4, maxQueueWait: 'PT0.5S' },
        livenessProbe: {
          period: 'PT10S',
          initialDelay: 'PT30S',
          timeout: 'PT2S',
          successThreshold: 1,
          failureThreshold: 30,
        },
        readinessProbe: {
          period: 'PT5S',
          initialDelay: 'PT1S',
          timeout: 'PT3S',
          successThreshold: 2,
          failureThreshold: 3,
        },
      },
    });
    expect(extraProperties).toEqual({
      dataCollector: {
        collections: {
          model_inputs: {
            dataCollectionMode: 'Enabled',
            dataId: `${WS}/data/inputs-data/versions/1`,
            clientId: '11111111-2222-4333-8444-555555555555',
            samplingRate: 0.5,
          },
          model_outputs: { dataCollectionMode: 'Disabled', samplingRate: 0.5 },
        },
        rollingRate: 'Hour',
        requestLogging: { captureHeaders: ['x-request-id'] },
      },
    });
  });

  it('maps a Kubernetes deployment: instance type, container requests and limits, target-utilization scaling', () => {
    const { body, extraProperties } = build(
      {
        name: 'green',
        type: 'kubernetes',
        model: 'azureml:heart-classifier:2',
        instance_type: 'gpu-small',
        instance_count: 2,
        resources: {
          requests: { cpu: '500m', memory: '512Mi', 'nvidia.com/gpu': '1' },
          limits: { cpu: '1', memory: '1Gi', gpu: '1' },
        },
        scale_settings: {
          type: 'target_utilization',
          min_instances: 1,
          max_instances: 3,
          target_utilization_percentage: 70,
          polling_interval: 10,
        },
      },
      'Kubernetes',
    );
    expect(body.properties).toEqual({
      endpointComputeType: 'Kubernetes',
      model: `${WS}/models/heart-classifier/versions/2`,
      instanceType: 'gpu-small',
      containerResourceRequirements: {
        containerResourceRequests: { cpu: '500m', memory: '512Mi', gpu: '1' },
        containerResourceLimits: { cpu: '1', memory: '1Gi', gpu: '1' },
      },
      scaleSettings: {
        scaleType: 'TargetUtilization',
        minInstances: 1,
        maxInstances: 3,
        targetUtilizationPercentage: 70,
        pollingInterval: 'PT10S',
      },
    });
    expect(body.sku).toEqual({ name: 'Default', capacity: 2 });
    expect(extraProperties).toEqual({});
  });

  it('passes registry references as they are', () => {
    const registry = (kind: string, name: string) => `azureml://registries/shared-reg/${kind}/${name}/versions/4`;
    const { body } = build(
      {
        model: registry('models', 'sklearn-regression'),
        code_configuration: { code: registry('codes', 'score-code'), scoring_script: 'score.py' },
        environment: registry('environments', 'sklearn-env'),
      },
      'Managed',
      registry('environments', 'sklearn-env'),
    );
    expect(body.properties).toMatchObject({
      model: registry('models', 'sklearn-regression'),
      codeConfiguration: { codeId: registry('codes', 'score-code'), scoringScript: 'score.py' },
      environmentId: registry('environments', 'sklearn-env'),
    });
  });

  it('keeps the plans written before: an MLflow model, instance count and two request settings', () => {
    const { body } = build({ model: 'azureml:heart-classifier:2', request_settings: { request_timeout_ms: 5000 } });
    expect(body).toEqual({
      location: 'eastus',
      sku: { name: 'Default', capacity: 1 },
      properties: {
        endpointComputeType: 'Managed',
        model: `${WS}/models/heart-classifier/versions/2`,
        instanceType: 'Standard_DS3_v2',
        scaleSettings: { scaleType: 'Default' },
        requestSettings: { requestTimeout: 'PT5S' },
      },
    });
  });

  it('leaves a Kubernetes instance type out for the compute to choose its default', () => {
    const { body } = build({ model: 'azureml:heart-classifier:2' }, 'Kubernetes');
    expect(body.properties).not.toHaveProperty('instanceType');
  });
});

describe('modelRefOf', () => {
  it.each([
    [`${WS}/models/heart-classifier/versions/2`, 'azureml:heart-classifier:2'],
    ['azureml:heart-classifier:2', 'azureml:heart-classifier:2'],
    ['azureml://registries/shared-reg/models/m/versions/1', 'azureml://registries/shared-reg/models/m/versions/1'],
  ])('reads %s as %s', (id, ref) => expect(modelRefOf(id)).toBe(ref));
});
