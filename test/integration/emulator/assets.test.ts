// Code and environment assets, model registries and the deployment rules that use them, through the official SDK
// (raw requests for the registry routes, which SDK 2.1.1 does not have): a custom model needs a scoring script and
// an environment, an MLflow model goes without, a missing asset fails the operation; the seeded regression endpoint
// scores Azure's sample request.
import { HEART_FEATURES, HEART_ROWS } from '../../support/heart-request';
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTestEmulator } from '../../support/emulator';
import { raw, wsPath } from '../../support/raw';

const emu = useTestEmulator();
const EP = 'assets-ep';
const rg = () => emu.resourceGroup;
const ws = () => emu.workspace;
const codeId = () => wsPath(emu, '/codes/regression-score/versions/1');
const envId = () => wsPath(emu, '/environments/sklearn-regression-env/versions/1');
const sample = JSON.parse(readFileSync(join(__dirname, '../../../examples/safe-rollout/sample-request.json'), 'utf8'));

const dep = (model: string, extra: Record<string, unknown> = {}): OnlineDeployment => ({
  location: 'eastus',
  properties: { endpointComputeType: 'Managed', model, ...extra } as OnlineDeployment['properties'],
  sku: { name: 'Default', capacity: 1 },
});
const scripted = (model: string, code = codeId(), env = envId()) =>
  dep(model, { codeConfiguration: { codeId: code, scoringScript: 'score.py' }, environmentId: env });

beforeAll(async () => {
  const body = { location: 'eastus', properties: { authMode: 'Key' as const } };
  await emu.arm.onlineEndpoints.beginCreateOrUpdateAndWait(rg(), ws(), EP, body, emu.lro);
});

describe('code and environment assets', () => {
  it('registers, gets and lists code versions in the shapes of the REST examples', async () => {
    const body = { properties: { description: 'scoring', codeUri: 'https://blobStorage/folderName' } };
    const created = await emu.arm.codeVersions.createOrUpdate(rg(), ws(), 'my-code', '1', body);
    expect(created).toMatchObject({
      id: wsPath(emu, '/codes/my-code/versions/1'),
      name: '1',
      properties: { codeUri: 'https://blobStorage/folderName', description: 'scoring', isAnonymous: false },
    });
    expect(await emu.arm.codeVersions.get(rg(), ws(), 'my-code', '1')).toMatchObject({ name: '1' });
    const names = [];
    for await (const c of emu.arm.codeContainers.list(rg(), ws())) names.push(c.name);
    expect(names).toEqual(expect.arrayContaining(['my-code', 'regression-score']));
    const container = await emu.arm.codeContainers.get(rg(), ws(), 'my-code');
    expect(container.properties).toMatchObject({ latestVersion: '1', nextVersion: '2' });
  });

  it('registers environments with an image or a build context, never neither', async () => {
    const env = await emu.arm.environmentVersions.createOrUpdate(rg(), ws(), 'my-env', '3', {
      properties: { image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest', condaFile: 'name: x' },
    });
    expect(env.properties).toMatchObject({ osType: 'Linux', environmentType: 'UserCreated', condaFile: 'name: x' });
    await expect(
      emu.arm.environmentVersions.createOrUpdate(rg(), ws(), 'my-env', '4', { properties: { condaFile: 'x' } }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadArgument',
      message: /image: .*exactly one of image and build/,
    });
  });

  it('refuses to change what an asset version holds', async () => {
    await expect(
      emu.arm.environmentVersions.createOrUpdate(rg(), ws(), 'my-env', '3', { properties: { image: 'other:1' } }),
    ).rejects.toMatchObject({ statusCode: 400, message: /properties.image.*immutable/ });
  });

  it('answers 404 for a missing version', async () => {
    await expect(emu.arm.environmentVersions.get(rg(), ws(), 'my-env', '99')).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});

describe('registries', () => {
  const regPath = (tail: string) =>
    `/subscriptions/${emu.info.subscriptionId}/resourceGroups/${rg()}` +
    `/providers/Microsoft.MachineLearningServices/registries/shared-models${tail}`;

  it('serves the seeded registry models and environments', async () => {
    const version = await raw(emu, 'GET', regPath('/models/sklearn-regression/versions/2'));
    expect(version.status).toBe(200);
    expect(version.body).toMatchObject({
      id: regPath('/models/sklearn-regression/versions/2'),
      type: 'Microsoft.MachineLearningServices/registries/models/versions',
      properties: { modelType: 'custom_model' },
    });
    const list = await raw(emu, 'GET', regPath('/environments/sklearn-regression-env/versions'));
    expect(list.body.value).toHaveLength(1);
    expect((await raw(emu, 'GET', regPath('/models/nope/versions/1'))).status).toBe(404);
    const other = await raw(emu, 'GET', regPath('/models').replace('shared-models', 'no-registry'));
    expect(other).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  });

  it('registers a model version in a registry', async () => {
    const put = await raw(emu, 'PUT', regPath('/models/sklearn-regression/versions/4'), { properties: {} });
    expect(put.status).toBe(201);
    expect(put.body.properties.modelType).toBe('custom_model');
  });

  it('deploys a model and an environment named by their registry ids', async () => {
    const model = 'azureml://registries/shared-models/models/sklearn-regression/versions/2';
    const env = 'azureml://registries/shared-models/environments/sklearn-regression-env/versions/1';
    await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
      rg(),
      ws(),
      EP,
      'from-reg',
      scripted(model, codeId(), env),
      emu.lro,
    );
    const answer = await emu.score(EP, sample, { deployment: 'from-reg' });
    expect(answer.status).toBe(200);
    await emu.arm.onlineDeployments.beginDeleteAndWait(rg(), ws(), EP, 'from-reg', emu.lro);
  });
});

describe('deployments and their assets', () => {
  it('refuses a custom model without a scoring script and environment, naming both', async () => {
    const error = await emu.arm.onlineDeployments
      .beginCreateOrUpdateAndWait(rg(), ws(), EP, 'bare', dep('azureml:sklearn-regression:1'), emu.lro)
      .catch((e) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'BadArgument' });
    expect(error.message).toMatch(/properties.codeConfiguration: .*not an MLflow model.*scoring script/);
    expect(error.message).toMatch(/properties.environmentId: .*an environment/);
    await expect(emu.arm.onlineDeployments.get(rg(), ws(), EP, 'bare')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses a scoring script without its code asset', async () => {
    const body = dep('azureml:sklearn-regression:1', {
      codeConfiguration: { scoringScript: 'score.py' },
      environmentId: envId(),
    });
    await expect(
      emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), EP, 'no-code', body, emu.lro),
    ).rejects.toMatchObject({ statusCode: 400, message: /codeConfiguration.codeId: a scoring script needs/ });
  });

  it('deploys an MLflow model without a scoring script or environment', async () => {
    await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
      rg(),
      ws(),
      EP,
      'mlflow',
      dep('azureml:heart-classifier:1'),
      emu.lro,
    );
    expect((await emu.arm.onlineDeployments.get(rg(), ws(), EP, 'mlflow')).properties.provisioningState).toBe(
      'Succeeded',
    );
  });

  it.each([
    [
      'a missing environment version',
      () =>
        scripted(
          'azureml:sklearn-regression:1',
          codeId(),
          wsPath(emu, '/environments/sklearn-regression-env/versions/9'),
        ),
    ],
    [
      'a missing code version',
      () => scripted('azureml:sklearn-regression:1', wsPath(emu, '/codes/regression-score/versions/9')),
    ],
    [
      'an environment missing from the registry',
      () =>
        scripted(
          'azureml:sklearn-regression:1',
          codeId(),
          'azureml://registries/shared-models/environments/none/versions/1',
        ),
    ],
  ])('ends a deployment naming %s Failed with ResourceNotFound', async (_name, body) => {
    await expect(
      emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), EP, 'missing', body(), emu.lro),
    ).rejects.toThrow(/long-running operation has failed.*ResourceNotFound.*Could not find asset/);
    await emu.arm.onlineDeployments.beginDeleteAndWait(rg(), ws(), EP, 'missing', emu.lro);
  });

  it('runs the scoring script of a custom model on {"data": rows} and refuses MLflow bodies there', async () => {
    await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
      rg(),
      ws(),
      EP,
      'scripted',
      scripted('azureml:sklearn-regression:1'),
      emu.lro,
    );
    const answer = await emu.score(EP, sample, { deployment: 'scripted' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([expect.closeTo(11055.977, 2), expect.closeTo(4503.076, 2)]);
    const mlflow = await emu.score(EP, { input_data: { columns: ['a'], data: [[1]] } }, { deployment: 'scripted' });
    expect(mlflow).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/\{"data"/) } } });
  });
});

describe('MLflow input formats on the scoring route', () => {
  const features = HEART_FEATURES;
  const rows = HEART_ROWS.slice(0, 2);
  const records = rows.map((r) => Object.fromEntries(features.map((f, i) => [f, r[i]])));
  const columns = Object.fromEntries(features.map((f, i) => [f, rows.map((r) => r[i])]));

  it.each([
    ['input_data split', { input_data: { columns: features, index: [0, 1], data: rows } }],
    ['input_data records', { input_data: records }],
    ['input_data rows', { input_data: rows }],
    ['dataframe_split', { dataframe_split: { columns: features, data: rows } }],
    ['dataframe_records', { dataframe_records: records }],
    ['instances', { instances: records }],
    ['inputs', { inputs: columns }],
  ])('answers %s with the same predictions', async (_name, body) => {
    emu.faults.setModelBehaviour('heart-classifier', 1, { errorRate: 0 });
    const answer = await emu.score('heart-ep', body, { deployment: 'blue' });
    expect(answer.status).toBe(200);
    const reference = await emu.score('heart-ep', { dataframe_records: records }, { deployment: 'blue' });
    expect(answer.body).toEqual(reference.body);
    expect(answer.body).toHaveLength(2);
  });
});

describe('the seeded safe-rollout endpoint', () => {
  it('serves version 1 on blue with its scoring script and environment', async () => {
    const blue = await emu.arm.onlineDeployments.get(rg(), ws(), 'regression-ep', 'blue');
    expect(blue.properties).toMatchObject({
      model: 'azureml:sklearn-regression:1',
      codeConfiguration: { codeId: codeId(), scoringScript: 'score.py' },
      environmentId: envId(),
    });
    const answer = await emu.score('regression-ep', sample);
    expect(answer).toMatchObject({ status: 200, headers: { 'azureml-model-deployment': 'blue' } });
  });

  it('has versions 2 close to version 1 and 3 far off, on the same sample', async () => {
    const outputs: Record<string, number[]> = {};
    for (const version of [1, 2, 3]) {
      const name = `ver${version}`;
      emu.faults.setModelBehaviour('sklearn-regression', version, { errorRate: 0 });
      await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
        rg(),
        ws(),
        EP,
        name,
        scripted(`azureml:sklearn-regression:${version}`),
        emu.lro,
      );
      outputs[name] = (await emu.score(EP, sample, { deployment: name })).body as number[];
    }
    const relative = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(b[i] - x) / Math.abs(x)));
    expect(relative(outputs.ver1, outputs.ver2)).toBeLessThan(0.01);
    expect(relative(outputs.ver1, outputs.ver3)).toBeGreaterThan(0.3);
  });

  it('receives live traffic its scoring script can read', async () => {
    await emu.faults.traffic.start({ rps: 40, endpoint: 'regression-ep' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { stats } = await emu.faults.traffic.stop().then(() => emu.faults.traffic.status());
    expect(stats).toBeUndefined();
    const served = emu.context.requests('regression-ep', 0, Date.now() + 1);
    expect(served.length).toBeGreaterThan(5);
    expect(served.filter((r) => r.status === 400)).toEqual([]);
  });
});
