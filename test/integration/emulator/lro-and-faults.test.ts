// Long-running operations on the wire as the SDK consumes them (201 + Azure-AsyncOperation, 202 + Location),
// the Retry-After option, and injected faults: 429, 5xx, operations ending Failed, through the official client.
import type { OnlineEndpoint } from '@azure/arm-machinelearning';
import type { PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { useTestEmulator } from '../../support/emulator';
import { raw } from '../../support/raw';

const emu = useTestEmulator();

const rg = () => emu.resourceGroup;
const ws = () => emu.workspace;
const endpointBody: OnlineEndpoint = { location: 'eastus', properties: { authMode: 'Key' } };

/** A client recording every exchange. */
function recordingClient(options = {}) {
  const seen: { req: PipelineRequest; res: PipelineResponse }[] = [];
  const client = emu.armClient(options);
  client.pipeline.addPolicy({
    name: 'record',
    async sendRequest(req, next) {
      try {
        const res = await next(req);
        seen.push({ req, res });
        return res;
      } catch (err) {
        const res = (err as { response?: PipelineResponse }).response;
        if (res) seen.push({ req, res });
        throw err;
      }
    },
  });
  return { client, seen };
}

describe('operation shapes', () => {
  it('PUT answers 201 with Azure-AsyncOperation on the emulator host, and the poller reads mfeOperationsStatus', async () => {
    const { client, seen } = recordingClient();
    const ep = await client.onlineEndpoints.beginCreateOrUpdateAndWait(rg(), ws(), 'lro-ep', endpointBody, emu.lro);
    expect(ep.properties.provisioningState).toBe('Succeeded');
    const first = seen[0];
    expect(first.res.status).toBe(201);
    expect(first.res.headers.get('x-ms-async-operation-timeout')).toBe('PT1H');
    expect(first.res.headers.get('retry-after')).toBeUndefined();
    const status = first.res.headers.get('azure-asyncoperation')!;
    expect(
      status.startsWith(
        `${emu.info.armEndpoint}/subscriptions/${emu.info.subscriptionId}/providers/Microsoft.MachineLearningServices/locations/eastus/mfeOperationsStatus/oe:`,
      ),
    ).toBe(true);
    expect(JSON.parse(first.res.bodyAsText!).properties.provisioningState).toBe('Creating');
    expect(seen.some((s) => s.req.url === status)).toBe(true);
    expect(seen.at(-1)!.req.url).toContain('/onlineEndpoints/lro-ep?');
  });

  it('PATCH answers 202 with Location and Azure-AsyncOperation, and the final GET on Location returns the resource', async () => {
    const { client, seen } = recordingClient();
    const result = await client.onlineEndpoints.beginUpdateAndWait(rg(), ws(), 'lro-ep', { tags: { a: 'b' } }, emu.lro);
    expect(result.tags).toEqual({ a: 'b' });
    expect(seen[0].res.status).toBe(202);
    const location = seen[0].res.headers.get('location')!;
    expect(location).toContain('/mfeOperationResults/');
    expect(seen[0].res.headers.get('azure-asyncoperation')).toContain('/mfeOperationsStatus/');
    expect(seen.at(-1)!.req.url).toBe(location);
  });

  it('DELETE answers 202 with Location, which answers 202 while running and 200 when done', async () => {
    emu.faults.setProvisioningMs(300);
    try {
      const { client, seen } = recordingClient();
      await client.onlineEndpoints.beginDeleteAndWait(rg(), ws(), 'lro-ep', emu.lro);
      expect(seen[0].res.status).toBe(202);
      expect(seen[0].res.headers.get('azure-asyncoperation')).toBeUndefined();
      const polls = seen.slice(1).filter((s) => s.req.url === seen[0].res.headers.get('location'));
      expect(polls[0].res.status).toBe(202);
      expect(polls.at(-1)!.res.status).toBe(200);
    } finally {
      emu.faults.setProvisioningMs(25);
    }
  });

  it('sends Retry-After when configured, and the poller honours it over updateIntervalInMs', async () => {
    emu.faults.setRetryAfterSeconds(1);
    emu.faults.setProvisioningMs(300);
    try {
      const { client, seen } = recordingClient();
      const started = Date.now();
      await client.onlineEndpoints.beginCreateOrUpdateAndWait(rg(), ws(), 'retry-after-ep', endpointBody, emu.lro);
      expect(seen[0].res.headers.get('retry-after')).toBe('1');
      // One poll 1 s after the start finds it done; with the 10 ms interval there would be about 30 polls.
      expect(seen.filter((s) => s.req.url.includes('mfeOperationsStatus')).length).toBeLessThanOrEqual(3);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    } finally {
      emu.faults.setRetryAfterSeconds(undefined);
      emu.faults.setProvisioningMs(25);
    }
  });

  it('polls the operation status as Azure shapes it', async () => {
    emu.faults.setProvisioningMs(300);
    try {
      const poller = await emu.arm.onlineEndpoints.beginCreateOrUpdate(rg(), ws(), 'status-ep', endpointBody, emu.lro);
      const url = JSON.parse(poller.toString()).state.config.operationLocation as string;
      const running = await raw(emu, 'GET', url);
      expect(running.body).toMatchObject({
        name: expect.stringMatching(/^oe:/),
        status: 'InProgress',
        startTime: expect.any(String),
      });
      await poller.pollUntilDone();
      expect((await raw(emu, 'GET', url)).body).toMatchObject({ status: 'Succeeded', endTime: expect.any(String) });
    } finally {
      emu.faults.setProvisioningMs(25);
    }
  });
});

describe('injected faults', () => {
  it('throttles the next ARM call with 429 and Retry-After', async () => {
    emu.faults.throttle({ count: 1, retryAfterSeconds: 7 });
    const { client, seen } = recordingClient({ retryOptions: { maxRetries: 0 } });
    await expect(client.onlineEndpoints.get(rg(), ws(), 'heart-ep')).rejects.toMatchObject({
      statusCode: 429,
      code: 'TooManyRequests',
    });
    expect(seen[0].res.headers.get('retry-after')).toBe('7');
    expect((await client.onlineEndpoints.get(rg(), ws(), 'heart-ep')).name).toBe('heart-ep');
  });

  it('throttles without Retry-After when retryAfterSeconds is null, and answers slow calls late', async () => {
    emu.faults.throttle({ count: 1, retryAfterSeconds: null });
    const { client, seen } = recordingClient({ retryOptions: { maxRetries: 0 } });
    await expect(client.onlineEndpoints.get(rg(), ws(), 'heart-ep')).rejects.toMatchObject({ statusCode: 429 });
    expect(seen[0].res.headers.get('retry-after')).toBeUndefined();
    const slow = await raw(emu, 'POST', `${emu.info.adminUrl}/faults/slow`, { delayMs: 600, count: 1, method: 'GET' });
    expect(slow.body.slowResponses).toEqual([expect.objectContaining({ delayMs: 600, remaining: 1 })]);
    const started = Date.now();
    expect((await client.onlineEndpoints.get(rg(), ws(), 'heart-ep')).name).toBe('heart-ep');
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    expect(emu.faults.describe().slowResponses).toEqual([]);
  });

  it('answers 5xx to the next calls that match a method and path filter', async () => {
    emu.faults.serverErrors({ count: 2, status: 503, method: 'GET', path: '/onlineEndpoints/heart-ep$' });
    const client = emu.armClient({ retryOptions: { maxRetries: 0 } });
    expect((await client.onlineEndpoints.get(rg(), ws(), 'heart-k8s')).name).toBe('heart-k8s');
    await expect(client.onlineEndpoints.get(rg(), ws(), 'heart-ep')).rejects.toMatchObject({ statusCode: 503 });
    await expect(client.onlineEndpoints.get(rg(), ws(), 'heart-ep')).rejects.toMatchObject({ statusCode: 503 });
    expect((await client.onlineEndpoints.get(rg(), ws(), 'heart-ep')).name).toBe('heart-ep');
  });

  it('the SDK retries through a single 5xx with its default policy', async () => {
    emu.faults.serverErrors({ count: 1, method: 'GET' });
    expect((await emu.arm.onlineEndpoints.get(rg(), ws(), 'heart-ep')).name).toBe('heart-ep');
  });

  it('ends the next matching operation Failed; the SDK surfaces "The long-running operation has failed"', async () => {
    emu.faults.failNextOperation({
      code: 'OutOfQuota',
      message: 'No quota for Standard_DS3_v2',
      method: 'PUT',
      path: '/deployments/',
    });
    const body = {
      location: 'eastus',
      properties: { endpointComputeType: 'Managed', model: 'azureml:heart-classifier:2' },
      sku: { name: 'Default', capacity: 1 },
    };
    await expect(
      emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), 'heart-ep', 'green', body as never, emu.lro),
    ).rejects.toThrow('The long-running operation has failed. OutOfQuota. No quota for Standard_DS3_v2');
    expect((await emu.arm.onlineDeployments.get(rg(), ws(), 'heart-ep', 'green')).properties.provisioningState).toBe(
      'Failed',
    );
    // The fault was consumed: the retry succeeds.
    const green = await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
      rg(),
      ws(),
      'heart-ep',
      'green',
      body as never,
      emu.lro,
    );
    expect(green.properties.provisioningState).toBe('Succeeded');
  });

  it('a failed traffic update leaves the endpoint as it was', async () => {
    emu.faults.failNextOperation({ code: 'InternalServerError', path: '/onlineEndpoints/heart-ep$' });
    const body: OnlineEndpoint = {
      location: 'eastus',
      properties: { authMode: 'Key', traffic: { blue: 50, green: 50 } },
    };
    await expect(
      emu.arm.onlineEndpoints.beginCreateOrUpdateAndWait(rg(), ws(), 'heart-ep', body, emu.lro),
    ).rejects.toThrow('InternalServerError');
    const ep = await emu.arm.onlineEndpoints.get(rg(), ws(), 'heart-ep');
    expect(ep.properties).toMatchObject({ traffic: { blue: 100 }, provisioningState: 'Succeeded' });
  });

  it('controls faults through the admin API', async () => {
    const admin = `${emu.info.adminUrl}/faults/throttle`;
    const res = await raw(emu, 'POST', admin, { count: 1, retryAfterSeconds: 3, path: 'listKeys' });
    expect(res.status).toBe(200);
    expect(res.body.throttles).toEqual([expect.objectContaining({ count: 1, remaining: 1, path: 'listKeys' })]);
    const client = emu.armClient({ retryOptions: { maxRetries: 0 } });
    await expect(client.onlineEndpoints.listKeys(rg(), ws(), 'heart-ep')).rejects.toMatchObject({ statusCode: 429 });
    const bad = await raw(emu, 'POST', `${emu.info.adminUrl}/faults/server-errors`, { count: 1, status: 404 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('5xx');
    const metrics = await raw(emu, 'PUT', `${emu.info.adminUrl}/faults/metrics`, { outage: true, delayMs: 60000 });
    expect(metrics.body.metrics).toEqual({ outage: true, delayMs: 60000 });
    expect(emu.context.metricsFaults()).toEqual({ outage: true, delayMs: 60000 });
    await raw(emu, 'DELETE', `${emu.info.adminUrl}/faults`);
    expect(emu.context.metricsFaults()).toEqual({ outage: false, delayMs: 0 });
  });

  it('overrides a deployment behaviour through the admin API', async () => {
    const url = `${emu.info.adminUrl}/endpoints/heart-ep/deployments/blue/behaviour`;
    expect((await raw(emu, 'PUT', url, { errorRate: 0.5 })).status).toBe(200);
    expect(emu.context.getEndpoint('heart-ep')!.deployments.blue.behaviourOverride).toEqual({ errorRate: 0.5 });
    expect((await raw(emu, 'PUT', url, { errorRate: 2 })).status).toBe(400);
    await raw(emu, 'DELETE', url);
    expect(emu.context.getEndpoint('heart-ep')!.deployments.blue.behaviourOverride).toBeUndefined();
  });
});
