// The candidate schema: the deployment files teams have (Azure's safe-rollout and Kubernetes examples, with assets
// registered) parse as they are; each wrong field is named with what it accepts; unknown fields stay errors.
import { candidateSchema } from '../../../domain/candidate';

/** `path: message` of each problem, as the API lists them. */
function problems(input: unknown): string[] {
  const result = candidateSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? ` ${i.keys.join(',')}` : '';
    return `${i.path.join('.')}: ${i.message}${keys}`;
  });
}

describe('candidateSchema', () => {
  it.each([
    [
      'the safe-rollout green deployment with registered assets',
      {
        $schema: 'https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json',
        name: 'green',
        endpoint_name: 'my-endpoint',
        model: 'azureml:my-model:2',
        code_configuration: { code: 'azureml:my-code:1', scoring_script: 'score.py' },
        environment: 'azureml:my-env:1',
        instance_type: 'Standard_DS3_v2',
        instance_count: 1,
      },
    ],
    [
      'a Kubernetes deployment with target-utilization scaling',
      {
        $schema: 'https://azuremlschemas.azureedge.net/latest/kubernetesOnlineDeployment.schema.json',
        name: 'green',
        type: 'kubernetes',
        endpoint_name: 'my-endpoint',
        app_insights_enabled: true,
        model: 'azureml:my-model@latest',
        code_configuration: { code: 'azureml:my-code:2', scoring_script: 'score.py' },
        environment: 'azureml:my-env@latest',
        instance_type: 'defaultinstancetype',
        resources: { requests: { cpu: '0.1', memory: '0.1Gi' } },
        scale_settings: {
          type: 'target_utilization',
          min_instances: 1,
          max_instances: 3,
          polling_interval: 10,
          target_utilization_percentage: 70,
        },
      },
    ],
    ['a registry model', { model: 'azureml://registries/azureml/models/sklearn-model/versions/3' }],
    ['an environment version with colons', { model: 'azureml:m:1', environment: 'azureml:env:2023-10-04-18:15:00' }],
  ])('accepts %s', (_name, input) => {
    expect(problems(input)).toEqual([]);
  });

  it.each([
    [
      'a local code folder (the CLI uploads it; this service uploads nothing)',
      {
        model: 'azureml:m:1',
        code_configuration: { code: '../../model-1/onlinescoring/', scoring_script: 'score.py' },
      },
      [
        "code_configuration.code: must be a registered code: 'azureml:NAME:VERSION' or 'azureml://registries/REG/codes/NAME/versions/VERSION'",
      ],
    ],
    [
      'an inline environment',
      {
        model: 'azureml:m:1',
        environment: { image: 'mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference' },
      },
      [
        "environment: must be a registered environment: 'azureml:NAME:VERSION', 'azureml:NAME@latest' or 'azureml://registries/REG/environments/NAME/versions/VERSION'",
      ],
    ],
    [
      'an inline model and a missing scoring script',
      { model: { path: '../../model-1/model/' }, code_configuration: { code: 'azureml:c:1' } },
      [
        "model: must be a registered model: 'azureml:NAME:VERSION', 'azureml:NAME@latest' or 'azureml://registries/REG/models/NAME/versions/VERSION'",
        'code_configuration.scoring_script: Invalid input: expected string, received undefined',
      ],
    ],
    [
      'a model version that is not a number, an unknown scale type',
      { model: 'azureml:m:v2', scale_settings: { type: 'manual' } },
      [
        "model: must be a registered model: 'azureml:NAME:VERSION', 'azureml:NAME@latest' or 'azureml://registries/REG/models/NAME/versions/VERSION'",
        "scale_settings.type: Invalid discriminator value. Expected 'default' | 'target_utilization'",
      ],
    ],
    [
      'limits: a request timeout past 180 s, no instances, a probe at 0 s, a sampling rate above 1',
      {
        model: 'azureml:m:1',
        request_settings: { request_timeout_ms: 200_000 },
        instance_count: 0,
        readiness_probe: { initial_delay: 0 },
        data_collector: { collections: { model_inputs: { enabled: 'true' } }, sampling_rate: 2 },
      },
      [
        'instance_count: must be at least 1',
        'request_settings.request_timeout_ms: must be at most 180000',
        'readiness_probe.initial_delay: must be at least 1',
        'data_collector.sampling_rate: must be from 0 to 1',
      ],
    ],
    [
      'Kubernetes quantities that are not quantities',
      { model: 'azureml:m:1', resources: { limits: { cpu: 'two', memory: '1GB', 'nvidia.com/gpu': '0.5' } } },
      [
        "resources.limits.cpu: must be a Kubernetes CPU quantity such as '0.5' or '500m'",
        "resources.limits.memory: must be a Kubernetes memory quantity such as '512Mi' or '1Gi'",
        'resources.limits.nvidia.com/gpu: must be a whole number of GPUs',
      ],
    ],
    [
      'unknown fields, at the top and nested',
      { model: 'azureml:m:1', instance_typ: 'Standard_DS3_v2', request_settings: { timeout_ms: 5 } },
      [
        'request_settings: Unrecognized key: "timeout_ms" timeout_ms',
        ': Unrecognized key: "instance_typ" instance_typ',
      ],
    ],
    [
      'a file reference sent to the API',
      { model: 'azureml:m:1', file: 'green-deployment.yml' },
      ['file: the API takes the deployment inline: `rollout plan validate|start` reads candidate.file and inlines it'],
    ],
  ])('refuses %s, naming each field', (_name, input, expected) => {
    expect(problems(input)).toEqual(expected);
  });
});
