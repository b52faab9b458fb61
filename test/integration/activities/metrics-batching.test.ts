// Gate reads of many rollouts through the official SDK against the emulator's Azure Monitor over HTTPS: concurrent
// reads become ceil(N/50) metrics:getBatch calls with the same samples as reads sent alone, and a throttled batch
// (429 with Retry-After, the emulator's throttle option) is waited out and retried.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { createAzureClients, type AzureClients } from '../../../activities/azure/clients';
import { azurePorts, createActivities } from '../../../activities/index';
import type { EndpointRef } from '../../../domain/endpoint';
import {
  TEST_METRICS_CLOCK,
  emulatorAzureSettings,
  startTestEmulator,
  type TestEmulator,
} from '../../support/emulator';

const N = 120;
const names = Array.from({ length: N - 1 }, (_, i) => `batch-${String(i).padStart(3, '0')}`);

/** Every metrics request the SDK sends (retries included) and the status it got. */
function recorder(clients: AzureClients) {
  const sent: { url: string; status: number; ids: number }[] = [];
  const policy: PipelinePolicy = {
    name: 'record-metrics-requests',
    async sendRequest(request, next) {
      const response = await next(request);
      const body = typeof request.body === 'string' ? (JSON.parse(request.body) as { resourceids?: string[] }) : {};
      sent.push({ url: request.url, status: response.status, ids: body.resourceids?.length ?? 0 });
      return response;
    },
  };
  clients.metrics.pipeline.addPolicy(policy, { afterPhase: 'Retry' });
  return sent;
}

async function startRig(throttle?: { bucket: number; refillPerSecond: number }, windowMs = 200) {
  const emulator: TestEmulator = await startTestEmulator({
    provisioningMs: 5,
    metrics: TEST_METRICS_CLOCK.emulator,
    traffic: { rps: 40 },
    metricsThrottle: throttle,
  });
  for (let i = 0; i < names.length; i += 20) {
    await Promise.all(
      names
        .slice(i, i + 20)
        .map((name) =>
          emulator.arm.onlineEndpoints.beginCreateOrUpdateAndWait(
            emulator.resourceGroup,
            emulator.workspace,
            name,
            { location: 'eastus', properties: { authMode: 'Key' } },
            emulator.lro,
          ),
        ),
    );
  }
  const clients = (window: number) =>
    createAzureClients(emulatorAzureSettings(emulator, { metricsBatchWindowMs: window, sdkMaxRetries: 3 }));
  const batched = clients(windowMs);
  const alone = clients(0);
  const target = (endpoint: string): EndpointRef => ({
    subscriptionId: emulator.info.subscriptionId,
    resourceGroup: emulator.resourceGroup,
    workspace: emulator.workspace,
    endpoint,
  });
  const reader = (c: AzureClients) => {
    const acts = createActivities({ ports: azurePorts(c), metrics: TEST_METRICS_CLOCK.service });
    return (endpoint: string, start: number, end: number) =>
      acts.queryMetrics({
        target: target(endpoint),
        baseline: 'blue',
        candidate: 'green',
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        candidateShare: 0.2,
      });
  };
  return {
    emulator,
    batched,
    alone,
    readBatched: reader(batched),
    readAlone: reader(alone),
    stop: async () => {
      await Promise.all([batched.close(), alone.close()]);
      await emulator.stop();
    },
  };
}

const endpoints = ['heart-ep', ...names];
/** A window long past the ingestion lag, so both ways of reading see the same grains. */
const settledWindow = async () => {
  await new Promise((r) => setTimeout(r, 7000));
  const end = Date.now();
  // Grains without candidate data are held back for two lags (4 s here) before they count: read 3 s beyond that.
  return { start: end - 7000, end };
};

describe('gate reads through metrics:getBatch', () => {
  let rig: Awaited<ReturnType<typeof startRig>>;
  beforeAll(async () => (rig = await startRig()), 120_000);
  afterAll(() => rig?.stop());

  it(`sends ${N} concurrent reads as ceil(${N}/50) calls per query and the same samples as reads sent alone`, async () => {
    const sent = recorder(rig.batched);
    const { start, end } = await settledWindow();
    const batched = await Promise.all(endpoints.map((e) => rig.readBatched(e, start, end)));
    // A gate read's two queries (request counts by status, latency percentiles), each batched on its own.
    expect(sent).toHaveLength(2 * Math.ceil(N / 50));
    expect(sent.every((s) => /metrics:getBatch/.test(s.url) && s.status === 200 && s.ids <= 50)).toBe(true);
    expect(sent.reduce((n, s) => n + s.ids, 0)).toBe(2 * N);

    const alone: typeof batched = [];
    for (const e of endpoints) alone.push(await rig.readAlone(e, start, end));
    expect(batched).toEqual(alone);
    // heart-ep has live traffic and the others none: a mixed-up split would move its requests elsewhere.
    expect(batched[0].samples.some((s) => s.baseline.requests > 0)).toBe(true);
    expect(batched.slice(1).every((r) => r.samples.every((s) => s.baseline.requests === 0))).toBe(true);
  }, 120_000);

  it('refuses a batch of more than 50 resource ids with 400, as Azure documents its limit', async () => {
    const ids = endpoints
      .slice(0, 51)
      .map((e) =>
        [
          `/subscriptions/${rig.emulator.info.subscriptionId}/resourceGroups/${rig.emulator.info.resourceGroup}`,
          `/providers/Microsoft.MachineLearningServices/workspaces/${rig.emulator.info.workspace}/onlineEndpoints/${e}`,
        ].join(''),
      );
    await expect(
      rig.alone.metrics.queryResources(
        ids,
        ['RequestsPerMinute'],
        'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('a throttled batch', () => {
  let rig: Awaited<ReturnType<typeof startRig>>;
  // Room for one call, then one token a second: the second call of a read round is refused at least once.
  beforeAll(async () => (rig = await startRig({ bucket: 1, refillPerSecond: 1 })), 120_000);
  afterAll(() => rig?.stop());

  it("is retried by the SDK after the emulator's Retry-After and every read gets its answer", async () => {
    const { start, end } = await settledWindow();
    const sent = recorder(rig.batched);
    const began = Date.now();
    const reads = await Promise.all(endpoints.slice(0, 50).map((e) => rig.readBatched(e, start, end)));
    expect(reads).toHaveLength(50);
    const throttled = sent.filter((s) => s.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(sent.filter((s) => s.status === 200)).toHaveLength(2);
    // The retry waited Azure's Retry-After (at least one second), not the SDK's exponential backoff from 0.8 s.
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
    expect(reads[0].samples.some((s) => s.baseline.requests > 0)).toBe(true);
  }, 60_000);
});
