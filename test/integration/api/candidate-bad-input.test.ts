// Bad CLI v2 deployments over HTTP on the real stack (dev server, emulator over HTTPS, worker with the real
// activities): each plan gets one 400 naming every problem, field and rule, and nothing in Azure changes. The
// emulator's regression-ep serves Azure's safe-rollout example: sklearn-regression is a custom (non-MLflow) model.
import { useApiStack } from '../../support/api-stack';

const stack = useApiStack({ rps: 0 });

async function azureState(endpoint: string) {
  const { arm, resourceGroup, workspace } = stack.emulator;
  const ep = await arm.onlineEndpoints.get(resourceGroup, workspace, endpoint);
  const deployments: Record<string, unknown> = {};
  for await (const d of arm.onlineDeployments.list(resourceGroup, workspace, endpoint)) {
    deployments[d.name!] = {
      model: d.properties.model,
      capacity: d.sku?.capacity,
      state: d.properties.provisioningState,
    };
  }
  return { traffic: ep.properties.traffic, deployments };
}

async function refused(plan: object) {
  const before = await azureState(plan['endpoint' as keyof object]);
  const res = await stack.call('POST', '/rollouts', { role: 'releaseManager', body: plan });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('InvalidPlan');
  expect(await azureState(plan['endpoint' as keyof object])).toEqual(before);
  return (res.body.error.details as { path: string; rule: string }[]).map((d) => `${d.path}:${d.rule}`);
}

const STAGES = [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '1m' }, { kind: 'promote' }];

it('names every problem of a deployment at once: no scoring script for a custom model, a missing environment version, another endpoint, a live name', async () => {
  const rules = await refused({
    endpoint: 'regression-ep',
    candidate: {
      name: 'blue',
      endpoint_name: 'heart-ep',
      model: 'azureml:sklearn-regression:2',
      environment: 'azureml:sklearn-regression-env:9',
      instance_type: 'Standard_DS3_v2',
    },
    stages: STAGES,
  });
  expect(rules).toEqual(
    expect.arrayContaining([
      'candidate.name:candidate.notBaseline',
      'candidate.name:candidate.notLive',
      'candidate.endpoint_name:candidate.endpointName',
      'candidate.code_configuration:model.scoringScript',
      'candidate.environment:environment.exists',
    ]),
  );
});

it('names a missing code version and Kubernetes fields on a managed endpoint', async () => {
  const rules = await refused({
    endpoint: 'regression-ep',
    candidate: {
      model: 'azureml:sklearn-regression:2',
      code_configuration: { code: 'azureml:regression-score:5', scoring_script: 'score.py' },
      environment: 'azureml:sklearn-regression-env@latest',
      resources: { requests: { cpu: '1' } },
    },
    stages: STAGES,
  });
  expect(rules).toEqual([
    'candidate.resources:compute.kubernetesOnly',
    'candidate.code_configuration.code:code.exists',
  ]);
});

it('accepts the safe-rollout green deployment as a team writes it', async () => {
  const res = await stack.call('POST', '/plans/validate', {
    role: 'releaseManager',
    body: {
      endpoint: 'regression-ep',
      candidate: {
        $schema: 'https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json',
        name: 'green',
        endpoint_name: 'regression-ep',
        model: 'azureml:sklearn-regression:2',
        code_configuration: { code: 'azureml:regression-score:1', scoring_script: 'score.py' },
        environment: 'azureml:sklearn-regression-env@latest',
        instance_type: 'Standard_DS3_v2',
        instance_count: 1,
      },
      stages: STAGES,
    },
  });
  expect(res.body).toMatchObject({
    valid: true,
    problems: [],
    candidate: 'green',
    model: 'azureml:sklearn-regression:2',
  });
});
