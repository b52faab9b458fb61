// Azure Monitor metrics from the emulator, read with the real MetricsClient and a raw ARM metrics GET, checked
// exactly against the requests the scoring data plane recorded. Runs on the accelerated clock (1 s grain, no ingestion
// delay) so live traffic is readable at once; metrics-azure-clock.test.ts covers Azure's own clock.
import { request } from 'node:https';
import { MetricsClient } from '@azure/monitor-query-metrics';
import { endpointArmId } from '../../../domain/endpoint';
import { percentile } from '../../../emulator/metrics/percentile';
import { seededRandom } from '../../../emulator/model/random';
import { sampleScoringBody } from '../../../emulator/traffic/heart-sampler';
import type { ServedRequest } from '../../../emulator/types';
import { fakeCredential, useTestEmulator } from '../../support/emulator';
import { createEndpoint, scoringClient, setTraffic, waitForQuiet } from '../../support/data-plane-setup';

const EP = 'dp-metrics';
const NS = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';
const emu = useTestEmulator({
  randomSeed: 5,
  metrics: { grainSeconds: 1, ingestionDelayMs: 0, ingestionJitterMs: 0 },
});
let metrics: MetricsClient;
let resourceId: string;
let window: { startTime: Date; endTime: Date };
let records: ServedRequest[];

beforeAll(async () => {
  await createEndpoint(emu, EP, [
    { name: 'blue', version: 1 },
    { name: 'green', version: 2, capacity: 2 },
  ]);
  await setTraffic(emu, EP, { blue: 70, green: 30 });
  emu.faults.setDeploymentBehaviour(EP, 'blue', { latencyMs: { median: 2, p99: 12 }, errorRate: 0.02 });
  emu.faults.setDeploymentBehaviour(EP, 'green', { latencyMs: { median: 3, p99: 20 }, errorRate: 0.25 });
  const client = scoringClient(emu);
  const rng = seededRandom(9);
  const start = Math.floor(Date.now() / 1000) * 1000;
  await client.scoreAll(
    EP,
    Array.from({ length: 300 }, () => sampleScoringBody(rng)),
    4,
  );
  await client.scoreAll(
    EP,
    Array.from({ length: 60 }, () => sampleScoringBody(rng)),
    4,
    'green',
  );
  await client.score(EP, { input_data: { columns: [], data: [] } }); // one 400
  await waitForQuiet(emu, EP);
  await client.close();
  // Whole grains only: the window ends at the next second boundary, and is read once that second is over.
  window = { startTime: new Date(start), endTime: new Date(Math.ceil((Date.now() + 1) / 1000) * 1000) };
  await new Promise((resolve) => setTimeout(resolve, window.endTime.getTime() - Date.now() + 5));
  records = emu.context.requests(EP, start, window.endTime.getTime());
  resourceId = endpointArmId({ ...emu.info, endpoint: EP });
  metrics = new MetricsClient(emu.info.armEndpoint, fakeCredential, {
    tlsOptions: { ca: emu.caCert },
    retryOptions: { maxRetries: 0 },
  });
});

/** Azure's percentile metrics over FULL: the average of each grain's (1 s here) percentile. */
function grainPercentileAverage(rs: ServedRequest[], p: number): number | undefined {
  const byGrain = new Map<number, number[]>();
  for (const r of rs) {
    const g = Math.floor(r.at / 1000);
    byGrain.set(g, [...(byGrain.get(g) ?? []), r.latencyMs]);
  }
  const values = [...byGrain.values()].map((ls) => percentile(ls, p) as number);
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}
const classOf = (r: ServedRequest) => `${Math.floor(r.status / 100)}xx`;
const countBy = (key: (r: ServedRequest) => string, rs = records) =>
  rs.reduce<Record<string, number>>((acc, r) => ((acc[key(r)] = (acc[key(r)] ?? 0) + 1), acc), {});
const seriesKey = (s: { metadatavalues?: Array<{ name?: string; value?: string }> }) =>
  s.metadatavalues!.map((m) => `${m.name}=${m.value}`).join(',');

describe('metrics through MetricsClient', () => {
  it('the test window is whole grains shorter than a minute, so FULL is one exact sample', () => {
    expect(window.endTime.getTime() - window.startTime.getTime()).toBeLessThan(60_000);
    expect(records.length).toBe(361);
  });

  it('counts RequestsPerMinute per deployment and status class exactly', async () => {
    const [res] = await metrics.queryResources([resourceId], ['RequestsPerMinute'], NS, {
      ...window,
      interval: 'FULL',
      aggregation: 'Total,Count',
      filter: "deployment eq '*' and statusCodeClass eq '*'",
    });
    const got = Object.fromEntries(res.metrics[0].timeseries.map((s) => [seriesKey(s), s.data![0].total]));
    const expected = countBy((r) => `deployment=${r.deployment},statuscodeclass=${classOf(r)}`);
    expect(got).toEqual(expected);
    expect(expected['deployment=green,statuscodeclass=4xx']).toBeGreaterThan(0);
    expect(res.metrics[0].unit).toBe('Count');
  });

  it('filters with eq and ne, and names a requested value even without data', async () => {
    const [res] = await metrics.queryResources([resourceId], ['RequestsPerMinute'], NS, {
      ...window,
      interval: 'FULL',
      aggregation: 'Total',
      filter: "deployment eq 'green' and statusCode ne '200'",
    });
    const total = res.metrics[0].timeseries.reduce((sum, s) => sum + (s.data![0].total ?? 0), 0);
    expect(total).toBe(records.filter((r) => r.deployment === 'green' && r.status !== 200).length);
    const [none] = await metrics.queryResources([resourceId], ['RequestsPerMinute'], NS, {
      ...window,
      interval: 'FULL',
      aggregation: 'Total',
      filter: "deployment eq 'green' and statusCodeClass eq '5xx'",
    });
    expect(none.metrics[0].timeseries).toHaveLength(1);
    expect(none.metrics[0].timeseries[0].data![0].total).toBeUndefined();
  });

  it('computes RequestLatency_P50/P90/P95/P99 per deployment: the average of the per-grain percentiles', async () => {
    const names = ['RequestLatency_P50', 'RequestLatency_P90', 'RequestLatency_P95', 'RequestLatency_P99'];
    const [res] = await metrics.queryResources([resourceId], names, NS, {
      ...window,
      interval: 'FULL',
      aggregation: 'Average',
      filter: "deployment eq '*'",
    });
    for (const [i, metric] of res.metrics.entries()) {
      const p = Number(names[i].slice(-2));
      expect(metric.unit).toBe('MilliSeconds');
      for (const s of metric.timeseries) {
        const dep = s.metadatavalues![0].value;
        expect(s.data![0].average).toBeCloseTo(
          grainPercentileAverage(
            records.filter((r) => r.deployment === dep),
            p,
          )!,
          9,
        );
      }
      expect(metric.timeseries.map((s) => s.metadatavalues![0].value).sort()).toEqual(['blue', 'green']);
    }
  });

  it('averages RequestLatency over every request at endpoint scope', async () => {
    const [res] = await metrics.queryResources([resourceId], ['RequestLatency'], NS, {
      ...window,
      interval: 'FULL',
      aggregation: 'Average,Count,Minimum,Maximum',
    });
    const latencies = records.map((r) => r.latencyMs);
    const point = res.metrics[0].timeseries[0].data![0];
    expect(point.count).toBe(records.length);
    expect(point.average).toBeCloseTo(latencies.reduce((a, b) => a + b, 0) / latencies.length, 9);
    expect(point.minimum).toBe(Math.min(...latencies));
    expect(point.maximum).toBe(Math.max(...latencies));
  });

  it('buckets PT1M intervals over the whole grains of [start, end), empty buckets carrying only a timestamp', async () => {
    const startTime = new Date(window.startTime.getTime() - 120_000);
    const [res] = await metrics.queryResources([resourceId], ['RequestsPerMinute'], NS, {
      startTime,
      endTime: window.endTime,
      interval: 'PT1M',
      aggregation: 'Total',
    });
    const data = res.metrics[0].timeseries[0].data!;
    expect(data).toHaveLength(3);
    expect(data.map((d) => d.timeStamp.getTime())).toEqual([0, 1, 2].map((k) => startTime.getTime() + k * 60_000));
    expect(data[0].total).toBeUndefined();
    expect(data.reduce((sum, d) => sum + (d.total ?? 0), 0)).toBe(records.length);
  });

  it('serves deployment-scope RequestsPerMinute and DeploymentCapacity', async () => {
    const greenId = `${resourceId}/deployments/green`;
    const [res] = await metrics.queryResources(
      [greenId],
      ['RequestsPerMinute', 'DeploymentCapacity'],
      `${NS}/deployments`,
      {
        ...window,
        interval: 'FULL',
        aggregation: 'Total,Average',
      },
    );
    expect(res.metrics[0].timeseries[0].data![0].total).toBe(records.filter((r) => r.deployment === 'green').length);
    expect(res.metrics[1].timeseries[0].data![0].average).toBe(2);
  });

  it("refuses an unknown metric, an unsupported dimension and 'or' across dimensions with 400", async () => {
    const query = (names: string[], filter?: string) =>
      metrics.queryResources([resourceId], names, NS, { ...window, interval: 'FULL', filter });
    await expect(query(['Errors'])).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message: /Failed to find metric configuration.*Errors/,
    });
    await expect(query(['RequestLatency'], "statusCode eq '200'")).rejects.toMatchObject({
      statusCode: 400,
      message: /dimension/,
    });
    await expect(query(['RequestsPerMinute'], "deployment eq 'blue' or statusCode eq '200'")).rejects.toMatchObject({
      statusCode: 400,
      message: /same dimension/,
    });
  });

  it('answers 503 during a metrics outage and hides requests until the added ingestion delay has passed', async () => {
    emu.faults.metricsOutage(true);
    try {
      await expect(
        metrics.queryResources([resourceId], ['RequestsPerMinute'], NS, { ...window }),
      ).rejects.toMatchObject({ statusCode: 503 });
    } finally {
      emu.faults.metricsOutage(false);
    }
    emu.faults.metricsDelay(10 * 60_000);
    try {
      const [res] = await metrics.queryResources([resourceId], ['RequestsPerMinute'], NS, {
        ...window,
        interval: 'FULL',
        aggregation: 'Total',
      });
      expect(res.metrics[0].timeseries[0].data![0].total).toBeUndefined();
    } finally {
      emu.faults.metricsDelay(0);
    }
  });
});

describe('the ARM metrics GET', () => {
  function armGet(path: string): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${emu.info.armEndpoint}${path}`,
        { method: 'GET', ca: emu.caCert, headers: { authorization: 'Bearer t' } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject).end();
    });
  }
  const timespan = () => encodeURIComponent(`${window.startTime.toISOString()}/${window.endTime.toISOString()}`);

  it("answers timespan + $filter with the same counts, behind the old client's // prefix", async () => {
    const get = (metricnames: string, filter: string) =>
      armGet(
        `/${resourceId}/providers/Microsoft.Insights/metrics?api-version=2024-02-01&timespan=${timespan()}` +
          `&interval=FULL&metricnames=${encodeURIComponent(metricnames)}&aggregation=Total%2CAverage&$filter=${encodeURIComponent(filter)}`,
      );
    const res = await get('RequestsPerMinute,RequestLatency_P99', "deployment eq 'blue'");
    expect({ status: res.status, error: res.status === 200 ? undefined : res.body }).toEqual({ status: 200 });
    expect(res.body).toMatchObject({ cost: 0, interval: 'FULL', namespace: NS, resourceregion: emu.info.location });
    const [rpm, p99] = res.body.value;
    expect(rpm).toMatchObject({
      name: { value: 'RequestsPerMinute', localizedValue: 'Requests Per Minute' },
      unit: 'Count',
    });
    expect(rpm.timeseries[0].metadatavalues).toEqual([
      { name: { value: 'deployment', localizedValue: 'deployment' }, value: 'blue' },
    ]);
    const blue = records.filter((r) => r.deployment === 'blue');
    expect(rpm.timeseries[0].data[0].total).toBe(blue.length);
    expect(p99.timeseries[0].data[0].average).toBeCloseTo(grainPercentileAverage(blue, 99)!, 9);

    const byClass = await get('RequestsPerMinute', "deployment eq 'blue' and statusCodeClass eq '2xx'");
    expect(byClass.body.value[0].timeseries[0].metadatavalues.map((m: { value: string }) => m.value)).toEqual([
      'blue',
      '2xx',
    ]);
    expect(byClass.body.value[0].timeseries[0].data[0].total).toBe(blue.filter((r) => r.status < 300).length);
  });

  it("answers an unknown metric with Azure's error body", async () => {
    const res = await armGet(
      `${resourceId}/providers/Microsoft.Insights/metrics?api-version=2024-02-01&metricnames=Nope`,
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'BadRequest',
      message: expect.stringMatching(/^Failed to find metric configuration/),
    });
  });
});
