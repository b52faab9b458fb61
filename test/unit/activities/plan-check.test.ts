// checkPlan over the in-memory Azure: the live endpoint's facts, model references resolved against the registry,
// and a missing endpoint reported as a problem of the plan rather than thrown.
import { planSchema, type PlanInput } from '../../../domain/plan';
import { FAKE_TARGET, FakeAzure } from '../../support/fake-azure';

const plan = (model: string, extra: Partial<PlanInput> = {}) =>
  planSchema.parse({
    endpoint: 'heart',
    candidate: { model },
    stages: [{ kind: 'deploy' }, { kind: 'promote', watch: '0s' }],
    ...extra,
  });

let acts: ReturnType<FakeAzure['activities']>;
beforeEach(() => {
  acts = new FakeAzure().activities();
});

describe('checkPlan', () => {
  it('resolves @latest to the newest registered version and names baseline and candidate', async () => {
    const check = await acts.checkPlan({ target: FAKE_TARGET, plan: plan('azureml:heart@latest') });
    expect(check).toMatchObject({ problems: [], baseline: 'blue', candidateName: 'green', model: 'azureml:heart:3' });
    expect(check.endpoint).toMatchObject({
      name: 'heart',
      traffic: { blue: 100 },
      deployments: [expect.objectContaining({ name: 'blue' })],
    });
  });

  it.each([
    ['azureml:heart:9', /no registered version 9/],
    ['azureml:lungs@latest', /no registered versions/],
  ])('reports %s as a problem of candidate.model', async (model, message) => {
    const check = await acts.checkPlan({ target: FAKE_TARGET, plan: plan(model) });
    expect(check.problems).toEqual([
      expect.objectContaining({
        path: 'candidate.model',
        rule: 'model.exists',
        message: expect.stringMatching(message),
      }),
    ]);
  });

  it('reports an endpoint that does not exist, and a plan naming another endpoint than the target', async () => {
    const check = await acts.checkPlan({
      target: { ...FAKE_TARGET, endpoint: 'lungs' },
      plan: plan('azureml:heart:2'),
    });
    expect(check.problems.map((p) => p.rule)).toEqual(['endpoint.matchesTarget', 'endpoint.exists']);
    expect(check.endpoint).toMatchObject({ name: 'lungs', provisioningState: 'NotFound', deployments: [] });
  });
});

describe('checkPlan on a CLI v2 deployment', () => {
  const rulesOf = (problems: { path?: string; rule?: string }[]) => problems.map((p) => `${p.path}:${p.rule}`);

  it('reports every problem of the deployment at once, each naming its field', async () => {
    const azure = new FakeAzure();
    azure.assets.modelTypes['azureml:heart:2'] = 'custom_model';
    const check = await azure.activities().checkPlan({
      target: FAKE_TARGET,
      plan: plan('azureml:heart:2', {
        candidate: {
          model: 'azureml:heart:2',
          endpoint_name: 'lungs',
          environment: 'azureml:sklearn-env:7',
          resources: { limits: { cpu: '1' } },
        },
      }),
    });
    expect(rulesOf(check.problems)).toEqual([
      'candidate.endpoint_name:candidate.endpointName',
      'candidate.resources:compute.kubernetesOnly',
      'candidate.code_configuration:model.scoringScript',
      'candidate.environment:environment.exists',
    ]);
    expect(check.problems[3].message).toBe("environment 'sklearn-env' has no registered version 7");
  });

  it('resolves the environment @latest and checks the code version', async () => {
    const check = await acts.checkPlan({
      target: FAKE_TARGET,
      plan: plan('azureml:heart:2', {
        candidate: {
          model: 'azureml:heart:2',
          environment: 'azureml:sklearn-env@latest',
          code_configuration: { code: 'azureml:score-code:3', scoring_script: 'score.py' },
        },
      }),
    });
    expect(check.environment).toBe('azureml:sklearn-env:2');
    expect(rulesOf(check.problems)).toEqual(['candidate.code_configuration.code:code.exists']);
  });
});
