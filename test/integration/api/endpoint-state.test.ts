// A kept idle deployment is not overwritten: over HTTP on the real stack (dev server, emulator over HTTPS, worker
// with the real activities), a plan whose candidate name is an existing deployment gets one 400 naming the field,
// and nothing in Azure changes; `replace: true` is the way to overwrite it.
import { useApiStack } from '../../support/api-stack';
import { addDeployment } from '../../support/data-plane-setup';

const stack = useApiStack({ rps: 0 });

const plan = (extra: object = {}) => ({
  endpoint: 'heart-ep',
  candidate: { model: 'azureml:heart-classifier:2' },
  stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '1m' }, { kind: 'promote' }],
  ...extra,
});

async function azureState() {
  const { arm, resourceGroup, workspace } = stack.emulator;
  const endpoint = await arm.onlineEndpoints.get(resourceGroup, workspace, 'heart-ep');
  const deployments: Record<string, unknown> = {};
  for await (const d of arm.onlineDeployments.list(resourceGroup, workspace, 'heart-ep')) {
    deployments[d.name!] = { model: d.properties.model, capacity: d.sku?.capacity };
  }
  return { traffic: endpoint.properties.traffic, deployments };
}

it('refuses a candidate name that is a kept idle deployment with one 400 naming candidate.name, changing nothing', async () => {
  await addDeployment(stack.emulator, 'heart-ep', { name: 'green', version: 1 });
  const before = await azureState();
  expect(before.deployments).toMatchObject({ green: { model: 'azureml:heart-classifier:1' } });

  const refused = await stack.call('POST', '/rollouts', { role: 'releaseManager', body: plan() });
  expect(refused.status).toBe(400);
  expect(refused.body.error).toMatchObject({
    code: 'InvalidPlan',
    details: [
      {
        path: 'candidate.name',
        rule: 'candidate.exists',
        message: expect.stringMatching(/'green' already exists.*'replace: true'/),
      },
    ],
  });
  const named = await stack.call('POST', '/plans/validate', {
    role: 'releaseManager',
    body: plan({ candidate: { name: 'green', model: 'azureml:heart-classifier:2' } }),
  });
  expect(named.body).toMatchObject({ valid: false, problems: [{ path: 'candidate.name', rule: 'candidate.exists' }] });
  expect(await azureState()).toEqual(before);
  expect((await stack.call('GET', '/rollouts?endpoint=heart-ep', { role: 'viewer' })).body.items).toEqual([]);

  const replacing = await stack.call('POST', '/plans/validate', {
    role: 'releaseManager',
    body: plan({ replace: true }),
  });
  expect(replacing.body).toMatchObject({ valid: true, candidate: 'green', problems: [] });
});
