// Replays the MLflow progressive-rollout notebook of https://github.com/Azure/azureml-examples,
// sdk/python/using-mlflow/deploy/mlflow_sdk_online_endpoints_progresive.ipynb, through the official ARM client:
// register a model version, endpoint with a system-assigned identity, `default` at 100%, a green per new version,
// 90/10, 0/100, delete `default`, delete the endpoint with its remaining deployment.
import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { useTestEmulator } from '../../support/emulator';
import { heartRequest } from '../../support/heart-request';

const emu = useTestEmulator();

const EP = 'heart-classifier-x7k2q';
const deployment = (version: string): OnlineDeployment => ({
  location: 'eastus',
  properties: {
    endpointComputeType: 'Managed',
    model: `azureml:heart-classifier:${version}`,
    instanceType: 'Standard_DS3_v2',
  } as OnlineDeployment['properties'],
  sku: { name: 'Default', capacity: 1 },
});

it('runs the progressive rollout notebook end to end', async () => {
  const { arm, resourceGroup: rg, workspace: ws, lro } = emu;
  // 2. the registered model and a new version of it
  const versions = [];
  for await (const v of arm.modelVersions.list(rg, ws, 'heart-classifier')) versions.push(v.name);
  expect(versions).toEqual(['1', '2', '3']);
  const registered = await arm.modelVersions.createOrUpdate(rg, ws, 'heart-classifier', '4', {
    properties: { description: 'xgboost retrain' },
  });
  expect(registered.id).toMatch(/\/models\/heart-classifier\/versions\/4$/);
  expect((await arm.modelContainers.get(rg, ws, 'heart-classifier')).properties.latestVersion).toBe('4');
  // 3-4. endpoint with key auth and a system-assigned identity; its scoring URI
  const endpoint: OnlineEndpoint = {
    location: 'eastus',
    identity: { type: 'SystemAssigned' },
    properties: { authMode: 'Key' },
  };
  const created = await arm.onlineEndpoints.beginCreateOrUpdateAndWait(rg, ws, EP, endpoint, lro);
  expect(created.identity).toMatchObject({ type: 'SystemAssigned', principalId: expect.any(String) });
  const scoringUri = (await arm.onlineEndpoints.get(rg, ws, EP)).properties.scoringUri;
  expect(scoringUri).toBe(`${emu.info.armEndpoint}/inference/${EP}/score`);
  // 5-6. blue `default` at 100%
  await arm.onlineDeployments.beginCreateOrUpdateAndWait(rg, ws, EP, 'default', deployment('1'), lro);
  await arm.onlineEndpoints.beginCreateOrUpdateAndWait(
    rg,
    ws,
    EP,
    { ...endpoint, properties: { authMode: 'Key', traffic: { default: 100 } } },
    lro,
  );
  // 7. predict through the endpoint with the key
  const key = (await arm.onlineEndpoints.listKeys(rg, ws, EP)).primaryKey!;
  const live = await emu.score(EP, heartRequest(3), { key });
  expect(live.status).toBe(200);
  expect(live.headers['azureml-model-deployment']).toBe('default');
  // 8-9. green for the new version at 0%, tested with the deployment header
  const green = 'xgboost-model-4';
  await arm.onlineDeployments.beginCreateOrUpdateAndWait(rg, ws, EP, green, deployment('4'), lro);
  expect((await arm.onlineEndpoints.get(rg, ws, EP)).properties.traffic).toEqual({ default: 100 });
  const direct = await emu.score(EP, heartRequest(3), { key, deployment: green });
  expect(direct.status).toBe(200);
  expect(direct.headers['azureml-model-deployment']).toBe(green);
  // 10. 90/10 then 0/100
  for (const traffic of [
    { default: 90, [green]: 10 },
    { default: 0, [green]: 100 },
  ]) {
    const updated = await arm.onlineEndpoints.beginCreateOrUpdateAndWait(
      rg,
      ws,
      EP,
      { ...endpoint, properties: { authMode: 'Key', traffic } },
      lro,
    );
    expect(updated.properties.traffic).toEqual(traffic);
  }
  expect((await emu.score(EP, heartRequest(1), { key })).headers['azureml-model-deployment']).toBe(green);
  // 11. delete `default`, then the endpoint (which takes green with it)
  await arm.onlineDeployments.beginDeleteAndWait(rg, ws, EP, 'default', lro);
  expect((await arm.onlineEndpoints.get(rg, ws, EP)).properties.traffic).toEqual({ [green]: 100 });
  await arm.onlineEndpoints.beginDeleteAndWait(rg, ws, EP, lro);
  await expect(arm.onlineDeployments.get(rg, ws, EP, green)).rejects.toMatchObject({ statusCode: 404 });
  const left = [];
  for await (const e of arm.onlineEndpoints.list(rg, ws)) left.push(e.name);
  expect(left.sort()).toEqual(['heart-ep', 'heart-k8s', 'regression-ep']);
});

it('issues tokens for AMLToken endpoints that the scoring route accepts', async () => {
  const { arm, resourceGroup: rg, workspace: ws, lro } = emu;
  await arm.onlineEndpoints.beginCreateOrUpdateAndWait(
    rg,
    ws,
    'token-ep',
    { location: 'eastus', properties: { authMode: 'AMLToken' } },
    lro,
  );
  await arm.onlineDeployments.beginCreateOrUpdateAndWait(rg, ws, 'token-ep', 'blue', deployment('1'), lro);
  await arm.onlineEndpoints.beginCreateOrUpdateAndWait(
    rg,
    ws,
    'token-ep',
    { location: 'eastus', properties: { authMode: 'AMLToken', traffic: { blue: 100 } } },
    lro,
  );
  const token = await arm.onlineEndpoints.getToken(rg, ws, 'token-ep');
  expect(token).toMatchObject({
    accessToken: expect.any(String),
    tokenType: 'Bearer',
    expiryTimeUtc: expect.any(Number),
  });
  expect((await emu.score('token-ep', heartRequest(1), { key: token.accessToken })).status).toBe(200);
  expect((await emu.score('token-ep', heartRequest(1), { key: 'not-a-token' })).status).toBe(401);
  await expect(arm.onlineEndpoints.getToken(rg, ws, 'heart-ep')).rejects.toMatchObject({ statusCode: 400 });
});

it('lists skus and pages endpoint lists through nextLink', async () => {
  const { arm, resourceGroup: rg, workspace: ws } = emu;
  const skus = [];
  for await (const s of arm.onlineDeployments.listSkus(rg, ws, 'heart-ep', 'blue')) skus.push(s);
  expect(skus).toEqual([
    expect.objectContaining({ capacity: expect.objectContaining({ minimum: 1, maximum: 50, scaleType: 'Manual' }) }),
  ]);
  const pages = [];
  for await (const page of arm.onlineEndpoints.list(rg, ws, { count: 1 }).byPage()) pages.push(page.map((e) => e.name));
  expect(pages.length).toBeGreaterThanOrEqual(2);
  expect(pages.flat()).toEqual(expect.arrayContaining(['heart-ep', 'heart-k8s']));
});
