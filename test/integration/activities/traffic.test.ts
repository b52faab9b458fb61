// Traffic and mirror changes through the production client module against the emulator: read-back, idempotency,
// mirroring that survives traffic changes (issue 2), the policy refusing mirror-less PUTs, and injected faults.
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { endpointBody, getOnlineEndpoint, putEndpointTraffic, trafficOf } from '../../../activities/azure/endpoints';
import { staticTokenCredential } from '../../../activities/azure/clients';
import { candidate, useActivitiesEnv } from '../../support/activities-env';

const env = useActivitiesEnv({ provisioningMs: 100 });
const live = () => {
  const ep = env.emulator.context.getEndpoint('heart-ep');
  return { traffic: ep?.traffic, mirrorTraffic: ep?.mirrorTraffic };
};
const setTraffic = (traffic: Record<string, number>, mirrorTraffic: Record<string, number> = {}) =>
  env.activities.setTraffic({ target: env.target, traffic, mirrorTraffic });

beforeAll(async () => {
  for (const name of ['green', 'shadow']) {
    await env.activities.createDeployment({
      target: env.target,
      name,
      candidate: candidate('azureml:heart-classifier:2'),
      model: 'azureml:heart-classifier:2',
    });
  }
});
afterEach(() => env.emulator.faults.clear());

describe('getTraffic and getEndpoint', () => {
  it('read both maps and the deployments', async () => {
    await expect(env.activities.getTraffic({ target: env.target })).resolves.toEqual({
      traffic: { blue: 100 },
      mirrorTraffic: {},
    });
    const snapshot = await env.activities.getEndpoint({ target: env.target });
    expect(snapshot).toMatchObject({ name: 'heart-ep', computeType: 'Managed', provisioningState: 'Succeeded' });
    expect(snapshot.deployments.map((d) => d.name)).toEqual(['blue', 'green', 'shadow']);
  });
});

describe('setTraffic', () => {
  it('sets traffic and mirror in one PUT and returns what Azure reads back', async () => {
    await expect(setTraffic({ blue: 100 }, { green: 10 })).resolves.toEqual({
      traffic: { blue: 100 },
      mirrorTraffic: { green: 10 },
    });
    expect(live()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: { green: 10 } });
  });

  it('sends no PUT when Azure already holds the maps', async () => {
    env.emulator.faults.throttle({ method: 'PUT', path: '/onlineEndpoints/heart-ep$', count: 1 });
    await expect(setTraffic({ blue: 100, green: 0 }, { green: 10 })).resolves.toEqual({
      traffic: { blue: 100 },
      mirrorTraffic: { green: 10 },
    });
  });

  it('moves live traffic and clears the mirror', async () => {
    await expect(setTraffic({ blue: 90, green: 10 })).resolves.toEqual({
      traffic: { blue: 90, green: 10 },
      mirrorTraffic: {},
    });
    expect(live()).toEqual({ traffic: { blue: 90, green: 10 }, mirrorTraffic: {} });
  });

  it('throws TrafficVerificationFailed when the read-back differs', async () => {
    let tamper = false;
    const stale: PipelinePolicy = {
      name: 'test-stale-read',
      async sendRequest(req, next) {
        const res = await next(req);
        const body = (res as typeof res & { parsedBody?: unknown }).parsedBody as
          { properties?: { traffic?: unknown } } | undefined;
        if (tamper && req.method === 'GET' && body?.properties) body.properties.traffic = { blue: 100 };
        return res;
      },
    };
    env.azure.arm.pipeline.addPolicy(stale);
    try {
      tamper = true; // every GET now reports the old traffic, as a stale read-back would
      await expect(setTraffic({ blue: 80, green: 20 })).rejects.toMatchObject({
        type: 'TrafficVerificationFailed',
        nonRetryable: false,
      });
    } finally {
      env.azure.arm.pipeline.removePolicy({ name: 'test-stale-read' });
    }
    expect(live().traffic).toEqual({ blue: 80, green: 20 });
  });
});

describe('mirroring survives traffic changes (issue 2)', () => {
  it('keeps mirror 10 when traffic changes to 90/10 through the production module', async () => {
    await setTraffic({ blue: 100 }, { shadow: 10 });
    await putEndpointTraffic(env.azure, env.scope, { traffic: { blue: 90, green: 10 } });
    expect(live()).toEqual({ traffic: { blue: 90, green: 10 }, mirrorTraffic: { shadow: 10 } });
    await expect(env.activities.getTraffic({ target: env.target })).resolves.toEqual({
      traffic: { blue: 90, green: 10 },
      mirrorTraffic: { shadow: 10 },
    });
  });

  it('refuses an endpoint PUT through the production client that states no mirror map', async () => {
    const current = await getOnlineEndpoint(env.azure, env.scope);
    await expect(
      env.azure.arm.onlineEndpoints.beginCreateOrUpdateAndWait(
        env.scope.resourceGroup,
        env.scope.workspace,
        'heart-ep',
        endpointBody(current, { blue: 100 }),
      ),
    ).rejects.toThrow(/without a mirror map/);
    expect(live()).toEqual({ traffic: { blue: 90, green: 10 }, mirrorTraffic: { shadow: 10 } });
  });

  it('(contrast) a bare SDK client loses the mirror on the same change', async () => {
    const bare = new AzureMachineLearningWorkspaces(staticTokenCredential('t'), env.settings.subscriptionId, {
      endpoint: env.settings.armEndpoint,
      tlsOptions: { ca: env.settings.caCert },
    });
    const current = await bare.onlineEndpoints.get(env.scope.resourceGroup, env.scope.workspace, 'heart-ep');
    expect(trafficOf(current).mirrorTraffic).toEqual({ shadow: 10 });
    await bare.onlineEndpoints.beginCreateOrUpdateAndWait(
      env.scope.resourceGroup,
      env.scope.workspace,
      'heart-ep',
      endpointBody(current, { blue: 100 }),
      {
        updateIntervalInMs: 25,
      },
    );
    expect(live()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  });
});

describe('faults on traffic changes', () => {
  it('maps a 429 to AzureThrottled', async () => {
    env.emulator.faults.throttle({ method: 'PUT', path: '/onlineEndpoints/heart-ep$', count: 1, retryAfterSeconds: 1 });
    await expect(setTraffic({ blue: 50, green: 50 })).rejects.toMatchObject({
      type: 'AzureThrottled',
      nextRetryDelay: 1000,
    });
  });

  it('maps a 5xx to AzureUnavailable', async () => {
    env.emulator.faults.serverErrors({ method: 'PUT', path: '/onlineEndpoints/heart-ep$', count: 1, status: 500 });
    await expect(setTraffic({ blue: 50, green: 50 })).rejects.toMatchObject({
      type: 'AzureUnavailable',
      nonRetryable: false,
    });
  });

  it('maps an endpoint operation ending Failed to AzureOperationFailed', async () => {
    env.emulator.faults.failNextOperation({
      method: 'PUT',
      path: '/onlineEndpoints/heart-ep$',
      code: 'InternalServerError',
    });
    await expect(setTraffic({ blue: 50, green: 50 })).rejects.toMatchObject({
      type: 'AzureOperationFailed',
      details: [expect.objectContaining({ azureCode: 'InternalServerError' })],
    });
  });

  it('maps a traffic map Azure refuses to non-retryable AzureRejected', async () => {
    await expect(setTraffic({ blue: 50, green: 45 })).rejects.toMatchObject({
      type: 'AzureRejected',
      nonRetryable: true,
    });
    await expect(setTraffic({ blue: 100 }, { blue: 10 })).rejects.toMatchObject({
      type: 'AzureRejected',
      nonRetryable: true,
    });
  });

  it('restores the baseline after the faults', async () => {
    await expect(setTraffic({ blue: 100 })).resolves.toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  });
});
