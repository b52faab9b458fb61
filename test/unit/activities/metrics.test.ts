// queryMetrics over a metrics port: Azure Monitor's answer (display names, dimensions, status codes) parsed into
// per-deployment samples, one per minute; provider failures are MetricsUnavailable.
import { createActivities } from '../../../activities';
import type { MonitorMetric } from '../../../activities/ports';
import { FAKE_TARGET, FakeAzure } from '../../support/fake-azure';

const T0 = Date.parse('2026-01-01T10:00:00Z');
/** Azure's one-minute grain; no ingestion lag, since these reads are of minutes long past. */
const MINUTE_CLOCK = { grainMs: 60_000, lagMs: 0 };
const iso = (ms: number) => new Date(ms).toISOString();

let azure: FakeAzure;
beforeEach(() => {
  azure = new FakeAzure();
});

async function query(acts: ReturnType<FakeAzure['activities']>, start: number, end: number, candidateShare = 0.2) {
  const read = await acts.queryMetrics({
    target: FAKE_TARGET,
    baseline: 'blue',
    candidate: 'green',
    start: iso(start),
    end: iso(end),
    candidateShare,
  });
  return read.samples;
}

/** The fake's activities with the metrics port answering `answer(names)` instead. */
function answering(answer: (names: string[]) => MonitorMetric[] | Promise<MonitorMetric[]>) {
  const ports = azure.ports();
  return createActivities({
    ports: { ...ports, metrics: { query: async (_target, names) => answer(names) } },
    metrics: MINUTE_CLOCK,
  });
}

describe('queryMetrics', () => {
  const deployGreen = async (acts: ReturnType<FakeAzure['activities']>) => {
    await acts.createDeployment({
      target: FAKE_TARGET,
      name: 'green',
      model: 'azureml:heart:3',
      candidate: { model: 'azureml:heart:3', instance_type: 'Standard_DS3_v2', instance_count: 1 },
    });
  };

  it('counts requests and errors per deployment, one sample per minute', async () => {
    const acts = azure.activities({ metrics: MINUTE_CLOCK });
    await deployGreen(acts);
    await acts.setTraffic({ target: FAKE_TARGET, traffic: { blue: 80, green: 20 }, mirrorTraffic: {} });
    const minute = (start: number) => ({
      start: iso(start),
      end: iso(start + 60_000),
      candidateShare: 0.2,
      baseline: { requests: 9_600, errors: 96, latencyP99Ms: 80 },
      candidate: { requests: 2_400, errors: 720, latencyP99Ms: 90 },
    });
    await expect(query(acts, T0, T0 + 120_000)).resolves.toEqual([minute(T0), minute(T0 + 60_000)]);
  });

  it('counts mirrored copies for the mirror deployment beside all live requests for the baseline', async () => {
    const acts = azure.activities({ metrics: MINUTE_CLOCK });
    await deployGreen(acts);
    await acts.setTraffic({ target: FAKE_TARGET, traffic: { blue: 100 }, mirrorTraffic: { green: 20 } });
    const [sample] = await query(acts, T0, T0 + 60_000);
    expect(sample.baseline.requests).toBe(12_000);
    expect(sample.candidate.requests).toBe(2_400);
  });

  it('reads metrics by their REST name whatever their display name, and 5xx, 408, 424 and 429 as errors', async () => {
    const series = (deployment: string, statusCode: string, total: number) => ({
      metadatavalues: [
        { name: 'Deployment', value: deployment },
        { name: 'StatusCode', value: statusCode },
      ],
      data: [{ timeStamp: new Date(T0), total }],
    });
    const acts = answering((names) =>
      names.map((name) =>
        name === 'RequestsPerMinute'
          ? {
              id: `/x/providers/Microsoft.Insights/metrics/${name}`,
              name: 'Requests Per Minute',
              timeseries: [
                series('blue', '200', 50),
                series('blue', '404', 5),
                series('green', '429', 3),
                series('green', '424', 2),
                series('green', '408', 1),
                series('green', '503', 4),
                series('other', '500', 9),
              ],
            }
          : {
              id: `/x/metrics/${name}`,
              name: name.replace(/_/g, ' '),
              timeseries: [
                {
                  metadatavalues: [{ name: 'deployment', value: 'green' }],
                  data: [{ timeStamp: new Date(T0), average: 120 }],
                },
              ],
            },
      ),
    );
    const [sample] = await query(acts, T0, T0 + 60_000);
    expect(sample.baseline).toEqual({ requests: 55, errors: 0, clientErrors: 5 });
    expect(sample.candidate).toEqual({
      requests: 10,
      errors: 10,
      latencyP50Ms: 120,
      latencyP90Ms: 120,
      latencyP95Ms: 120,
      latencyP99Ms: 120,
    });
  });

  it('throws retryable MetricsUnavailable when Azure Monitor fails or a metric answers an error', async () => {
    azure.metricsOutage = true;
    await expect(query(azure.activities(), T0, T0 + 60_000)).rejects.toMatchObject({
      type: 'MetricsUnavailable',
      nonRetryable: false,
      details: [expect.objectContaining({ statusCode: 503 })],
    });
    const failing = answering((names) =>
      names.map((name) => ({ id: name, name, errorCode: 'Throttled', timeseries: [] })),
    );
    await expect(query(failing, T0, T0 + 60_000)).rejects.toMatchObject({
      type: 'MetricsUnavailable',
      message: expect.stringMatching(/Throttled/),
    });
  });

  it("retries a throttled read after Azure's Retry-After, not the backoff", async () => {
    const throttled = Object.assign(new Error('Too Many Requests'), {
      statusCode: 429,
      response: { headers: { get: (name: string) => (name === 'retry-after' ? '7' : undefined) } },
    });
    const refusing = answering(() => Promise.reject(throttled));
    await expect(query(refusing, T0, T0 + 60_000)).rejects.toMatchObject({
      type: 'MetricsUnavailable',
      nonRetryable: false,
      nextRetryDelay: 7000,
      details: [expect.objectContaining({ statusCode: 429 })],
    });
  });

  it('refuses a window that ends before it starts, without retry', async () => {
    await expect(query(azure.activities(), T0, T0)).rejects.toMatchObject({
      type: 'MetricsUnavailable',
      nonRetryable: true,
    });
    expect(azure.count('metrics.query')).toBe(0);
  });
});
