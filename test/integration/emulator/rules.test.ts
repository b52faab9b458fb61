// Each documented Azure rule (traffic and mirror maps, deletes, names, quotas; sources in emulator/arm/rules.ts) has a
// test that fails if the emulator lets the rule be broken: the refusal has Azure's error body and leaves the endpoint
// exactly as it was.
import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { useTestEmulator } from '../../support/emulator';
import { mirrorTrafficInjector, withMirror } from '../../support/mirror-injector';
import { raw, wsPath } from '../../support/raw';

const emu = useTestEmulator();
const EP = 'rules-ep';
const rg = () => emu.resourceGroup;
const ws = () => emu.workspace;

const dep = (
  model = 'azureml:heart-classifier:1',
  compute: 'Managed' | 'Kubernetes' = 'Managed',
  capacity = 1,
): OnlineDeployment => ({
  location: 'eastus',
  properties: { endpointComputeType: compute, model } as OnlineDeployment['properties'],
  sku: { name: 'Default', capacity },
});

async function putTraffic(endpoint: string, traffic: Record<string, number>, mirror?: Record<string, number>) {
  const body: OnlineEndpoint = {
    location: 'eastus',
    properties: { authMode: 'Key', traffic, ...(endpoint === 'heart-k8s' ? { compute: 'k8s-compute' } : {}) },
  };
  const options = mirror ? withMirror(mirror, emu.lro) : emu.lro;
  return emu.arm.onlineEndpoints.beginCreateOrUpdateAndWait(rg(), ws(), endpoint, body, options);
}

/** Runs `action`, expects Azure's 400 error body, and checks the endpoint did not change. */
async function expectRefused(action: () => Promise<unknown>, endpoint = EP, status = 400, code = 'BadArgument') {
  const before = await raw(emu, 'GET', wsPath(emu, `/onlineEndpoints/${endpoint}`));
  const error = await action().then(
    () => undefined,
    (e) => e,
  );
  expect(error).toMatchObject({ statusCode: status, code });
  expect(error.details).toMatchObject({
    error: { code, message: expect.any(String), details: [], additionalInfo: [] },
  });
  const after = await raw(emu, 'GET', wsPath(emu, `/onlineEndpoints/${endpoint}`));
  expect(after.body).toEqual(before.body);
  return error as Error;
}

beforeAll(async () => {
  emu.arm.pipeline.addPolicy(mirrorTrafficInjector());
  await emu.arm.onlineEndpoints.beginCreateOrUpdateAndWait(
    rg(),
    ws(),
    EP,
    { location: 'eastus', properties: { authMode: 'Key' } },
    emu.lro,
  );
  for (const name of ['blue', 'green', 'red']) {
    await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), EP, name, dep(), emu.lro);
  }
  await putTraffic(EP, { blue: 100 });
});

describe('traffic', () => {
  it.each([
    [{ blue: 90 }, 'sum to 0 or 100'],
    [{ blue: 60, green: 60 }, 'sum to 0 or 100'],
    [{ blue: 100, nope: 0 }, "no deployment named 'nope'"],
    [{ blue: 101 }, 'must be from 0 to 100'],
    [{ blue: 110, green: -10 }, 'must be from 0 to 100'],
  ])('refuses traffic %j', async (traffic, message) => {
    const err = await expectRefused(() => putTraffic(EP, traffic));
    expect(err.message).toContain(message);
  });

  it('refuses fractional percentages', async () => {
    const body = { location: 'eastus', properties: { authMode: 'Key', traffic: { blue: 50.5, green: 49.5 } } };
    const before = await emu.arm.onlineEndpoints.get(rg(), ws(), EP);
    const res = await raw(emu, 'PUT', wsPath(emu, `/onlineEndpoints/${EP}`), body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('properties.traffic.blue: must be an integer');
    expect((await emu.arm.onlineEndpoints.get(rg(), ws(), EP)).properties).toEqual(before.properties);
  });

  it('accepts traffic summing to 0 and gives a deployment that failed to create no traffic', async () => {
    expect((await putTraffic(EP, { blue: 0 })).properties.traffic).toEqual({ blue: 0 });
    await putTraffic(EP, { blue: 100 });
    await expect(
      emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
        rg(),
        ws(),
        EP,
        'broken',
        dep('azureml:heart-classifier:99'),
        emu.lro,
      ),
    ).rejects.toThrow('The long-running operation has failed');
    expect((await emu.arm.onlineDeployments.get(rg(), ws(), EP, 'broken')).properties.provisioningState).toBe('Failed');
    const err = await expectRefused(() => putTraffic(EP, { blue: 50, broken: 50 }));
    expect(err.message).toContain('only a Succeeded deployment');
    await emu.arm.onlineDeployments.beginDeleteAndWait(rg(), ws(), EP, 'broken', emu.lro);
  });
});

describe('mirrorTraffic', () => {
  it('refuses mirroring to more than one deployment', async () => {
    await expectRefused(() => putTraffic(EP, { blue: 100 }, { green: 10, red: 10 }));
  });
  it('refuses mirroring more than 50 percent', async () => {
    const err = await expectRefused(() => putTraffic(EP, { blue: 100 }, { green: 51 }));
    expect(err.message).toContain('at most 50');
  });
  it('refuses mirroring to a deployment with live traffic', async () => {
    const err = await expectRefused(() => putTraffic(EP, { blue: 90, green: 10 }, { green: 10 }));
    expect(err.message).toContain('live traffic or mirrored traffic, not both');
  });
  it('refuses mirroring on a Kubernetes endpoint', async () => {
    await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
      rg(),
      ws(),
      'heart-k8s',
      'green',
      dep(undefined, 'Kubernetes'),
      emu.lro,
    );
    const err = await expectRefused(() => putTraffic('heart-k8s', { blue: 100 }, { green: 10 }), 'heart-k8s');
    expect(err.message).toContain('Kubernetes');
  });
  it('clears mirroring on a PUT without mirrorTraffic, and GET keeps it otherwise', async () => {
    await putTraffic(EP, { blue: 100 }, { green: 20 });
    const mirrored = await emu.arm.onlineEndpoints.get(rg(), ws(), EP);
    expect((mirrored.properties as { mirrorTraffic?: unknown }).mirrorTraffic).toEqual({ green: 20 });
    await putTraffic(EP, { blue: 100 });
    const cleared = await emu.arm.onlineEndpoints.get(rg(), ws(), EP);
    expect((cleared.properties as { mirrorTraffic?: unknown }).mirrorTraffic).toEqual({});
  });
  it('reproduces the SDK dropping mirrorTraffic from a PUT', async () => {
    const sent: string[] = [];
    const plain = emu.armClient();
    plain.pipeline.addPolicy({
      name: 'capture',
      sendRequest: (req, next) => (req.method === 'PUT' && sent.push(String(req.body)), next(req)),
    });
    const body = {
      location: 'eastus',
      properties: { authMode: 'Key', traffic: { blue: 100 }, mirrorTraffic: { green: 10 } },
    };
    await plain.onlineEndpoints.beginCreateOrUpdateAndWait(rg(), ws(), EP, body as OnlineEndpoint, emu.lro);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]).properties).not.toHaveProperty('mirrorTraffic');
    const after = await plain.onlineEndpoints.get(rg(), ws(), EP);
    expect((after.properties as { mirrorTraffic?: unknown }).mirrorTraffic).toEqual({});
  });
});

describe('deployments', () => {
  it('refuses deleting a deployment with live traffic, and one receiving mirrored traffic', async () => {
    await expectRefused(() => emu.arm.onlineDeployments.beginDeleteAndWait(rg(), ws(), EP, 'blue', emu.lro));
    await putTraffic(EP, { blue: 100 }, { green: 10 });
    await expectRefused(() => emu.arm.onlineDeployments.beginDeleteAndWait(rg(), ws(), EP, 'green', emu.lro));
    await putTraffic(EP, { blue: 100 });
  });

  it('answers 404 to a deployment PUT under a missing endpoint', async () => {
    await expect(
      emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), 'no-such-ep', 'blue', dep(), emu.lro),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('ends a deployment naming a missing model version Failed with ModelRegistryError', async () => {
    const poller = await emu.arm.onlineDeployments.beginCreateOrUpdate(
      rg(),
      ws(),
      EP,
      'missing-model',
      dep('azureml:heart-classifier:42'),
      emu.lro,
    );
    await expect(poller.pollUntilDone()).rejects.toThrow(/long-running operation has failed.*ModelRegistryError/);
    await emu.arm.onlineDeployments.beginDeleteAndWait(rg(), ws(), EP, 'missing-model', emu.lro);
  });

  it('ends a scale beyond the instance quota Failed with OutOfQuota and keeps the old capacity', async () => {
    await expect(
      emu.arm.onlineDeployments.beginUpdateAndWait(rg(), ws(), EP, 'red', { sku: { capacity: 51 } }, emu.lro),
    ).rejects.toThrow('OutOfQuota');
    const red = await emu.arm.onlineDeployments.get(rg(), ws(), EP, 'red');
    expect(red.sku?.capacity).toBe(1);
    expect(red.properties.provisioningState).toBe('Succeeded');
  });

  it('refuses a deployment whose compute type differs from its endpoint', async () => {
    await expectRefused(() =>
      emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
        rg(),
        ws(),
        EP,
        'k8s-dep',
        dep(undefined, 'Kubernetes'),
        emu.lro,
      ),
    );
  });

  it('refuses the 21st deployment of an endpoint', async () => {
    const name = 'crowded-ep';
    await emu.arm.onlineEndpoints.beginCreateOrUpdateAndWait(
      rg(),
      ws(),
      name,
      { location: 'eastus', properties: { authMode: 'Key' } },
      emu.lro,
    );
    for (let i = 1; i <= 20; i++)
      await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), name, `d${i}x`, dep(), emu.lro);
    const err = await expectRefused(
      () => emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), name, 'd21x', dep(), emu.lro),
      name,
    );
    expect(err.message).toContain('20 deployments');
    // Replacing an existing one is still allowed.
    await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), name, 'd20x', dep(), emu.lro);
  });
});

describe('names', () => {
  it.each(['ab', '1abc', 'a--b', 'abc-', 'a_bc', 'a'.repeat(33)])('refuses the endpoint name %s', async (name) => {
    await expect(
      emu.arm.onlineEndpoints.beginCreateOrUpdateAndWait(
        rg(),
        ws(),
        name,
        { location: 'eastus', properties: { authMode: 'Key' } },
        emu.lro,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'BadArgument' });
    await expect(emu.arm.onlineEndpoints.get(rg(), ws(), name)).rejects.toMatchObject({ statusCode: 404 });
  });
  it.each(['gr', '9green', 'green--2', 'green_2'])('refuses the deployment name %s', async (name) => {
    await expectRefused(() =>
      emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), EP, name, dep(), emu.lro),
    );
  });
  it('accepts 3 and 32 characters with single dashes', async () => {
    for (const name of ['abc', `a-${'b'.repeat(30)}`]) {
      await emu.arm.onlineEndpoints.beginCreateOrUpdateAndWait(
        rg(),
        ws(),
        name,
        { location: 'eastus', properties: { authMode: 'Key' } },
        emu.lro,
      );
    }
  });
});

describe('one operation at a time', () => {
  it('answers 409 while an operation is in flight on the endpoint or one of its deployments', async () => {
    emu.faults.setProvisioningMs(400);
    try {
      const scaling = await emu.arm.onlineDeployments.beginUpdate(
        rg(),
        ws(),
        EP,
        'red',
        { sku: { capacity: 2 } },
        emu.lro,
      );
      const conflict = await putTraffic(EP, { blue: 100 }).catch((e) => e);
      expect(conflict).toMatchObject({ statusCode: 409, code: 'Conflict' });
      await expect(emu.arm.onlineDeployments.beginDelete(rg(), ws(), EP, 'green', emu.lro)).rejects.toMatchObject({
        statusCode: 409,
      });
      await scaling.pollUntilDone();
      expect((await emu.arm.onlineDeployments.get(rg(), ws(), EP, 'red')).sku?.capacity).toBe(2);
      await putTraffic(EP, { blue: 100 });
    } finally {
      emu.faults.setProvisioningMs(25);
    }
  });
});

describe('endpoint delete', () => {
  it('cascades to its deployments', async () => {
    const name = 'cascade-ep';
    await emu.arm.onlineEndpoints.beginCreateOrUpdateAndWait(
      rg(),
      ws(),
      name,
      { location: 'eastus', properties: { authMode: 'Key' } },
      emu.lro,
    );
    await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), name, 'blue', dep(), emu.lro);
    await putTraffic(name, { blue: 100 });
    await emu.arm.onlineEndpoints.beginDeleteAndWait(rg(), ws(), name, emu.lro);
    await expect(emu.arm.onlineDeployments.get(rg(), ws(), name, 'blue')).rejects.toMatchObject({ statusCode: 404 });
    await emu.arm.onlineEndpoints.beginCreateOrUpdateAndWait(
      rg(),
      ws(),
      name,
      { location: 'eastus', properties: { authMode: 'Key' } },
      emu.lro,
    );
    const left = [];
    for await (const d of emu.arm.onlineDeployments.list(rg(), ws(), name)) left.push(d.name);
    expect(left).toEqual([]);
  });

  it('refuses traffic in the PUT that creates an endpoint (deployments come first)', async () => {
    await expect(putTraffic('fresh-ep', { blue: 100 })).rejects.toMatchObject({ statusCode: 400, code: 'BadArgument' });
    await expect(emu.arm.onlineEndpoints.get(rg(), ws(), 'fresh-ep')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('takes only tags and identity in a PATCH', async () => {
    const res = await raw(emu, 'PATCH', wsPath(emu, `/onlineEndpoints/${EP}`), {
      properties: { traffic: { green: 100 } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('full PUT');
    const patched = await emu.arm.onlineEndpoints.beginUpdateAndWait(rg(), ws(), EP, { tags: { team: 'ml' } }, emu.lro);
    expect(patched.tags).toEqual({ team: 'ml' });
    expect(patched.properties.traffic).toEqual({ blue: 100 });
  });
});
