// createDeployment resolves the candidate's environment `@latest` when it deploys (versions may have been registered
// since the plan check), and refuses a reference that no longer resolves as a problem of the plan.
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../../activities';
import type { DeploymentSpec } from '../../../activities/ports';
import { candidateSchema } from '../../../domain/candidate';
import { FAKE_TARGET, FakeAzure } from '../../support/fake-azure';

function deployWith(environment: string) {
  const azure = new FakeAzure();
  const specs: DeploymentSpec[] = [];
  const ports = azure.ports();
  const create = ports.deployments.create;
  ports.deployments.create = (target, name, spec, hooks) => {
    specs.push(spec);
    return create(target, name, spec, hooks);
  };
  const acts = createActivities({ ports, metrics: { grainMs: 500, lagMs: 0 } });
  const candidate = candidateSchema.parse({
    model: 'azureml:heart:2',
    code_configuration: { code: 'azureml:score-code:1', scoring_script: 'score.py' },
    environment,
  });
  const run = new MockActivityEnvironment().run(() =>
    acts.createDeployment({ target: FAKE_TARGET, name: 'green', candidate, model: 'azureml:heart:2' }),
  );
  return { azure, specs, run };
}

it('deploys the newest environment version for @latest', async () => {
  const { specs, run } = deployWith('azureml:sklearn-env@latest');
  await expect(run).resolves.toMatchObject({ name: 'green', provisioningState: 'Succeeded' });
  expect(specs.map((s) => s.environment)).toEqual(['azureml:sklearn-env:2']);
});

it('refuses an environment without versions as InvalidPlan, creating nothing', async () => {
  const { azure, specs, run } = deployWith('azureml:gone-env@latest');
  await expect(run).rejects.toMatchObject({ type: 'InvalidPlan', nonRetryable: true });
  expect(specs).toEqual([]);
  expect(Object.keys(azure.deployments)).toEqual(['blue']);
});
