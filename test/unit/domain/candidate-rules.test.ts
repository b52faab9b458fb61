// Azure's rules on a CLI v2 deployment given the endpoint it joins, as a decision table: each row one wrong
// deployment and the field and rule reported.
import { candidateSchema, type CandidateInput } from '../../../domain/candidate';
import { candidateYamlProblems, type CandidateFacts } from '../../../domain/candidate-rules';
import { parseQuantity } from '../../../domain/quantity';

const MANAGED: CandidateFacts = { endpoint: 'sklearn-ep', computeType: 'Managed', modelType: 'mlflow_model' };
const K8S: CandidateFacts = {
  endpoint: 'heart-k8s',
  computeType: 'Kubernetes',
  modelType: 'mlflow_model',
};
const SCORING = {
  code_configuration: { code: 'azureml:score-code:1', scoring_script: 'score.py' },
  environment: 'azureml:sklearn-env:1',
};

const rulesOf = (input: CandidateInput, facts: CandidateFacts) =>
  candidateYamlProblems(candidateSchema.parse(input), facts).map((p) => `${p.path}:${p.rule}`);

describe('candidateYamlProblems', () => {
  it.each<[string, CandidateInput, CandidateFacts, string[]]>([
    ['an MLflow model alone', { model: 'azureml:m:1' }, MANAGED, []],
    [
      'a custom model with its scoring script',
      { model: 'azureml:m:1', ...SCORING },
      { ...MANAGED, modelType: 'custom_model' },
      [],
    ],
    [
      'a custom model without scoring script or environment',
      { model: 'azureml:m:1' },
      { ...MANAGED, modelType: 'custom_model' },
      ['candidate.code_configuration:model.scoringScript', 'candidate.environment:model.environment'],
    ],
    [
      'a scoring script without an environment',
      { model: 'azureml:m:1', code_configuration: SCORING.code_configuration },
      MANAGED,
      ['candidate.environment:code.environment'],
    ],
    [
      'an endpoint_name of another endpoint',
      { model: 'azureml:m:1', endpoint_name: 'other-ep' },
      MANAGED,
      ['candidate.endpoint_name:candidate.endpointName'],
    ],
    [
      'a Kubernetes deployment on a managed endpoint',
      { model: 'azureml:m:1', type: 'kubernetes' },
      MANAGED,
      ['candidate.type:candidate.computeType'],
    ],
    [
      'Kubernetes fields on a managed endpoint',
      { model: 'azureml:m:1', resources: { limits: { cpu: '1' } }, scale_settings: { type: 'target_utilization' } },
      MANAGED,
      ['candidate.resources:compute.kubernetesOnly', 'candidate.scale_settings.type:scale.managedDefaultOnly'],
    ],
    [
      'managed-only fields and registry assets on Kubernetes',
      {
        model: 'azureml://registries/shared/models/m/versions/1',
        environment: 'azureml://registries/shared/environments/e/versions/1',
        egress_public_network_access: 'disabled',
      },
      K8S,
      [
        'candidate.egress_public_network_access:compute.managedOnly',
        'candidate.model:kubernetes.registryAsset',
        'candidate.environment:kubernetes.registryAsset',
      ],
    ],
    [
      'requests above limits, GPU requests unlike the limit',
      {
        model: 'azureml:m:1',
        resources: {
          requests: { cpu: '1500m', memory: '2Gi', gpu: '1' },
          limits: { cpu: '1', memory: '2G', gpu: '2' },
        },
      },
      K8S,
      [
        'candidate.resources.requests.cpu:resources.requestAboveLimit',
        'candidate.resources.requests.memory:resources.requestAboveLimit',
        'candidate.resources.requests.gpu:resources.gpuEqualsLimit',
      ],
    ],
    [
      'min_instances above max_instances, a liveness probe needing two successes',
      {
        model: 'azureml:m:1',
        scale_settings: { type: 'target_utilization', min_instances: 3 },
        liveness_probe: { success_threshold: 2 },
      },
      K8S,
      [
        'candidate.scale_settings.min_instances:scale.minAboveMax',
        'candidate.liveness_probe.success_threshold:probe.livenessSuccess',
      ],
    ],
  ])('%s', (_name, input, facts, expected) => {
    expect(rulesOf(input, facts)).toEqual(expected);
  });
});

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['0.5Mi', 2 ** 19],
    ['1GB', NaN],
  ])('%s is %d', (text, value) => expect(parseQuantity(text)).toBe(value));
});
