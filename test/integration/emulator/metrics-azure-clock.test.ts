// Azure Monitor on Azure's own clock (the emulator's default): one-minute points only, sub-minute intervals refused as
// Azure refuses them, partial minutes at the ends of a window left out, an ingestion delay with late arrivals. Past
// requests are written into the request log directly, so no test waits minutes.
import { request } from 'node:https';
import { MetricsClient } from '@azure/monitor-query-metrics';
import { endpointArmId } from '../../../domain/endpoint';
import { AZURE_METRICS_CLOCK, visibleAt } from '../../../emulator/metrics/ingestion';
import type { ServedRequest } from '../../../emulator/types';
import { fakeCredential, startTestEmulator, type TestEmulator } from '../../support/emulator';
import { createEndpoint } from '../../support/data-plane-setup';

const EP = 'azure-clock';
const NS = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';
const MIN = 60_000;
const GRAINS = '00:01:00,00:05:00,00:15:00,00:30:00,01:00:00,06:00:00,12:00:00,1.00:00:00';
let emu: TestEmulator;
let metrics: MetricsClient;
let resourceId: string;
let T: number;

const served = (at: number, deployment: string, status = 200, latencyMs = 10): ServedRequest => ({
  at,
  endpoint: EP,
  deployment,
  mirrored: false,
  status,
  latencyMs,
});

beforeAll(async () => {
  emu = await startTestEmulator();
  await createEndpoint(emu, EP, [
    { name: 'blue', version: 1 },
    { name: 'green', version: 2 },
  ]);
  T = Math.floor(Date.now() / MIN) * MIN;
  // Minute T-10: 4 blue, 1 green 500; minute T-9: 2 blue. Long ingested.
  for (const s of [5, 6, 7, 50]) emu.context.record(served(T - 10 * MIN + s * 1000, 'blue'));
  emu.context.record(served(T - 10 * MIN + 51_000, 'green', 500));
  for (const s of [1, 59]) emu.context.record(served(T - 9 * MIN + s * 1000, 'blue'));
  resourceId = endpointArmId({ ...emu.info, endpoint: EP });
  metrics = new MetricsClient(emu.info.armEndpoint, fakeCredential, {
    tlsOptions: { ca: emu.caCert },
    retryOptions: { maxRetries: 0 },
  });
});
afterAll(() => emu?.stop());

const rpm = async (startTime: number, endTime: number, interval?: string) => {
  const [res] = await metrics.queryResources([resourceId], ['RequestsPerMinute'], NS, {
    startTime: new Date(startTime),
    endTime: new Date(endTime),
    interval,
    aggregation: 'Total',
  });
  return res.metrics[0].timeseries[0].data!.map((d) => ({ at: d.timeStamp.getTime() - T, total: d.total }));
};

describe("Azure Monitor on Azure's clock (default)", () => {
  it('announces the clock in the ready info', () => {
    expect(emu.info.metrics).toEqual({
      clock: 'azure',
      grain: 'PT1M',
      ingestionDelayMs: 60_000,
      ingestionJitterMs: 120_000,
      mirrored: 'shadow-deployment',
    });
  });

  it('answers one-minute points at whole minutes', async () => {
    expect(await rpm(T - 10 * MIN, T - 8 * MIN, 'PT1M')).toEqual([
      { at: -10 * MIN, total: 5 },
      { at: -9 * MIN, total: 2 },
    ]);
  });

  it('leaves out the minutes a window covers only in part, at either end', async () => {
    expect(await rpm(T - 10 * MIN + 30_000, T - 8 * MIN + 10_000, 'PT1M')).toEqual([{ at: -9 * MIN, total: 2 }]);
    expect(await rpm(T - 10 * MIN + 1_000, T - 9 * MIN + 30_000, 'FULL')).toEqual([]);
  });

  it('aggregates whole minutes for FULL and PT5M', async () => {
    expect(await rpm(T - 10 * MIN, T - 8 * MIN, 'FULL')).toEqual([{ at: -10 * MIN, total: 7 }]);
    expect(await rpm(T - 10 * MIN, T - 5 * MIN, 'PT5M')).toEqual([{ at: -10 * MIN, total: 7 }]);
  });

  it("refuses a sub-minute interval with 400 BadRequest and Azure's message, through MetricsClient", async () => {
    await expect(rpm(T - 10 * MIN, T - 8 * MIN, 'PT30S')).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message: expect.stringContaining(`Invalid time grain duration: PT30S, supported ones are: ${GRAINS}`),
    });
    await expect(rpm(T - 10 * MIN, T - 8 * MIN, 'PT2M')).rejects.toMatchObject({ statusCode: 400 });
  });

  it('refuses a sub-minute interval on the ARM metrics GET too', async () => {
    const timespan = encodeURIComponent(
      `${new Date(T - 10 * MIN).toISOString()}/${new Date(T - 8 * MIN).toISOString()}`,
    );
    const res = await armGet(
      `/${resourceId}/providers/Microsoft.Insights/metrics?api-version=2024-02-01&timespan=${timespan}` +
        '&interval=PT10S&metricnames=RequestsPerMinute&aggregation=Total',
    );
    expect(res).toEqual({
      status: 400,
      body: { code: 'BadRequest', message: `Invalid time grain duration: PT10S, supported ones are: ${GRAINS}` },
    });
    const ok = await armGet(
      `/${resourceId}/providers/Microsoft.Insights/metrics?api-version=2024-02-01&timespan=${timespan}` +
        '&metricnames=RequestsPerMinute&aggregation=Total',
    );
    expect(ok.body.interval).toBe('PT1M');
    expect(ok.body.value[0].timeseries[0].data.map((d: { timeStamp: string }) => Date.parse(d.timeStamp) - T)).toEqual([
      -10 * MIN,
      -9 * MIN,
    ]);
  });

  it('hides the minute that just ended: no minute is visible before the ingestion delay', async () => {
    const now = Math.floor(Date.now() / MIN) * MIN;
    for (let k = 0; k < 20; k++) emu.context.record(served(now - MIN + k * 1000, 'blue'));
    expect(await rpm(now - MIN, now, 'PT1M')).toEqual([{ at: now - MIN - T, total: undefined }]);
  });

  it('shows a minute first with a partial total that grows as late requests arrive', async () => {
    // A minute that ended 90..150 s ago: its requests arrive between 60 s and 180 s after its end, one by one.
    const end = Math.ceil((Date.now() - 150_000) / MIN) * MIN;
    const start = end - MIN;
    const batch = Array.from({ length: 300 }, (_, k) => served(start + k * 200, 'green', 200, 5 + (k % 7)));
    batch.forEach((r) => emu.context.record(r));
    const first = (await rpm(start, end, 'PT1M'))[0].total ?? 0; // other tests' requests are in other minutes
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(300);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const arrived = (t: number) => batch.filter((r) => visibleAt(r, AZURE_METRICS_CLOCK) <= t).length;
    const before = arrived(Date.now());
    const later = (await rpm(start, end, 'PT1M'))[0].total ?? 0;
    const after = arrived(Date.now());
    expect(later).toBeGreaterThan(first);
    expect(later).toBeGreaterThanOrEqual(before);
    expect(later).toBeLessThanOrEqual(after);
  });
});

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
