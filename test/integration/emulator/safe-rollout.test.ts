// Replays the safe-rollout CLI script of Azure/azureml-examples, cli/deploy-safe-rollout-online-endpoints.sh
// (https://github.com/Azure/azureml-examples), through the official ARM client and plain HTTPS scoring: endpoint,
// blue, traffic, scale, green, header invoke, mirror, 90/10, 0/100, deletes.
import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { useTestEmulator } from '../../support/emulator';
import { mirrorTrafficInjector, withMirror } from '../../support/mirror-injector';
import { heartRequest } from '../../support/heart-request';

const emu = useTestEmulator();
beforeAll(async () => {
  emu.arm.pipeline.addPolicy(mirrorTrafficInjector());
});

const EP = 'safe-rollout-ep';
const deployment = (model: string, capacity = 1): OnlineDeployment => ({
  location: 'eastus',
  properties: {
    endpointComputeType: 'Managed',
    model,
    instanceType: 'Standard_DS3_v2',
  } as OnlineDeployment['properties'],
  sku: { name: 'Default', capacity },
});

async function putEndpoint(traffic: Record<string, number>, mirror?: Record<string, number>): Promise<OnlineEndpoint> {
  const body: OnlineEndpoint = { location: 'eastus', properties: { authMode: 'Key', traffic } };
  const options = mirror ? withMirror(mirror, emu.lro) : emu.lro;
  return emu.arm.onlineEndpoints.beginCreateOrUpdateAndWait(emu.resourceGroup, emu.workspace, EP, body, options);
}

const getEndpoint = () => emu.arm.onlineEndpoints.get(emu.resourceGroup, emu.workspace, EP);
const mirrorOf = (ep: OnlineEndpoint) => (ep.properties as { mirrorTraffic?: Record<string, number> }).mirrorTraffic;

it('runs the safe-rollout script end to end', async () => {
  const { arm, resourceGroup: rg, workspace: ws, lro } = emu;
  // 1. create the endpoint
  const created = await arm.onlineEndpoints.beginCreateOrUpdateAndWait(
    rg,
    ws,
    EP,
    { location: 'eastus', properties: { authMode: 'Key' } },
    lro,
  );
  expect(created.properties.provisioningState).toBe('Succeeded');
  expect(created.properties.traffic).toEqual({});
  // 2. blue with --all-traffic: deployment PUT, then endpoint PUT
  await arm.onlineDeployments.beginCreateOrUpdateAndWait(
    rg,
    ws,
    EP,
    'blue',
    deployment('azureml:heart-classifier:1'),
    lro,
  );
  expect((await putEndpoint({ blue: 100 })).properties.traffic).toEqual({ blue: 100 });
  // 3. invoke
  const keys = await arm.onlineEndpoints.listKeys(rg, ws, EP);
  const first = await emu.score(EP, heartRequest(2), { key: keys.primaryKey });
  expect(first.status).toBe(200);
  expect(first.headers['azureml-model-deployment']).toBe('blue');
  // 4. scale blue to 2
  const scaled = await arm.onlineDeployments.beginUpdateAndWait(rg, ws, EP, 'blue', { sku: { capacity: 2 } }, lro);
  expect(scaled.sku?.capacity).toBe(2);
  // 5-6. green beside blue, traffic unchanged
  await arm.onlineDeployments.beginCreateOrUpdateAndWait(
    rg,
    ws,
    EP,
    'green',
    deployment('azureml:heart-classifier:2'),
    lro,
  );
  expect((await getEndpoint()).properties.traffic).toEqual({ blue: 100 });
  // 7-8. invoke green directly
  const green = await emu.score(EP, heartRequest(1), { deployment: 'green' });
  expect(green.status).toBe(200);
  expect(green.headers['azureml-model-deployment']).toBe('green');
  // 9. mirror 10% to green
  await putEndpoint({ blue: 100 }, { green: 10 });
  expect(mirrorOf(await getEndpoint())).toEqual({ green: 10 });
  // 10. invoke 20x and read green's logs
  for (let i = 0; i < 20; i++)
    expect((await emu.score(EP, heartRequest(1))).headers['azureml-model-deployment']).toBe('blue');
  const logs = await arm.onlineDeployments.getLogs(rg, ws, EP, 'blue', { containerType: 'InferenceServer', tail: 50 });
  expect(logs.content).toContain('| 200 |');
  // 11. mirror 0
  await putEndpoint({ blue: 100 }, { green: 0 });
  expect(mirrorOf(await getEndpoint())).toEqual({ green: 0 });
  // 12-13. 90/10, then 0/100
  expect((await putEndpoint({ blue: 90, green: 10 })).properties.traffic).toEqual({ blue: 90, green: 10 });
  expect((await putEndpoint({ blue: 0, green: 100 })).properties.traffic).toEqual({ blue: 0, green: 100 });
  // 14. delete blue (--no-wait: begin, then wait for it to finish before the endpoint delete)
  emu.faults.setProvisioningMs(400); // long enough to observe Deleting on a loaded machine
  const deleting = await arm.onlineDeployments.beginDelete(rg, ws, EP, 'blue', lro);
  expect((await arm.onlineDeployments.get(rg, ws, EP, 'blue')).properties.provisioningState).toBe('Deleting');
  emu.faults.setProvisioningMs(25);
  await deleting.pollUntilDone();
  const remaining = [];
  for await (const d of arm.onlineDeployments.list(rg, ws, EP)) remaining.push(d.name);
  expect(remaining).toEqual(['green']);
  // 15. delete the endpoint
  await arm.onlineEndpoints.beginDeleteAndWait(rg, ws, EP, lro);
  await expect(getEndpoint()).rejects.toMatchObject({ statusCode: 404 });
});
