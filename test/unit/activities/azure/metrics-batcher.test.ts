// The metrics batcher: concurrent reads with the same query share metrics:getBatch calls of at most 50 resources;
// reads that differ in any query parameter or subscription never share one; answers go back per resource.
import type { MetricsQueryOptions, MonitorMetric } from '../../../../activities/ports';
import { metricsBatcher, type BatchAnswer, type QueryResources } from '../../../../activities/azure/metrics-batcher';

const NS = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';
const SUB = '3f2b8c1e-6d4a-4e7b-9a1c-5e8f0d2b7a64';
const id = (n: number, sub = SUB) =>
  `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/ep-${n}`;
const OPTIONS: MetricsQueryOptions = {
  startTime: new Date('2026-01-01T10:00:00Z'),
  endTime: new Date('2026-01-01T10:01:00Z'),
  interval: 'PT1M',
  aggregation: 'Total',
  filter: "deployment eq '*'",
  top: 100,
};
const metricFor = (resourceId: string): MonitorMetric => ({
  id: `${resourceId}/metrics/x`,
  name: resourceId,
  timeseries: [],
});

/** A fake batch API that answers every id (upper-cased, as Azure may) and records each call's ids. */
function fakeApi(fail?: (ids: string[]) => Error | undefined) {
  const calls: string[][] = [];
  const send: QueryResources = async (ids) => {
    calls.push(ids);
    const err = fail?.(ids);
    if (err) throw err;
    return ids.map((r): BatchAnswer => ({ resourceId: r.toUpperCase(), metrics: [metricFor(r)] }));
  };
  return { calls, send };
}

describe('metricsBatcher', () => {
  it.each([
    [1, 1],
    [50, 1],
    [51, 2],
    [120, 3],
  ])('sends %i concurrent reads of the same query as %i calls, each resource its own answer', async (n, calls) => {
    const api = fakeApi();
    const batcher = metricsBatcher(api.send, { windowMs: 10 });
    const ids = Array.from({ length: n }, (_, i) => id(i));
    const answers = await Promise.all(ids.map((r) => batcher.query(r, ['RequestsPerMinute'], NS, OPTIONS)));
    expect(api.calls).toHaveLength(calls);
    expect(Math.max(...api.calls.map((c) => c.length))).toBeLessThanOrEqual(50);
    answers.forEach((metrics, i) => expect(metrics).toEqual([metricFor(ids[i])]));
  });

  it('never batches reads that differ in window, names, filter or subscription', async () => {
    const api = fakeApi();
    const batcher = metricsBatcher(api.send, { windowMs: 10 });
    await Promise.all([
      batcher.query(id(1), ['RequestsPerMinute'], NS, OPTIONS),
      batcher.query(id(2), ['RequestsPerMinute'], NS, { ...OPTIONS, endTime: new Date('2026-01-01T10:02:00Z') }),
      batcher.query(id(3), ['RequestLatency_P50'], NS, OPTIONS),
      batcher.query(id(4), ['RequestsPerMinute'], NS, { ...OPTIONS, filter: "deployment eq 'blue'" }),
      batcher.query(id(5, '00000000-0000-0000-0000-000000000001'), ['RequestsPerMinute'], NS, OPTIONS),
    ]);
    expect(api.calls.map((c) => c.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('asks once for a resource read twice in one batch and answers both reads', async () => {
    const api = fakeApi();
    const batcher = metricsBatcher(api.send, { windowMs: 10 });
    const [a, b] = await Promise.all([
      batcher.query(id(1), ['RequestsPerMinute'], NS, OPTIONS),
      batcher.query(id(1), ['RequestsPerMinute'], NS, OPTIONS),
    ]);
    expect(api.calls).toEqual([[id(1)]]);
    expect(a).toEqual(b);
  });

  it("fails every read of a refused call with Azure's error, and only its own reads", async () => {
    const throttled = Object.assign(new Error('Too Many Requests'), { statusCode: 429 });
    const api = fakeApi((ids) => (ids.includes(id(0)) ? throttled : undefined));
    const batcher = metricsBatcher(api.send, { windowMs: 10, maxResources: 2 });
    const results = await Promise.allSettled([0, 1, 2].map((i) => batcher.query(id(i), ['X'], NS, OPTIONS)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(results[0]).toMatchObject({ reason: { statusCode: 429 } });
  });

  it('asks each resource alone when the batch is refused with a 4xx, so one deleted endpoint fails only its read', async () => {
    const notFound = Object.assign(new Error('ResourceNotFound'), { statusCode: 404 });
    const api = fakeApi((ids) => (ids.includes(id(1)) ? notFound : undefined));
    const batcher = metricsBatcher(api.send, { windowMs: 10 });
    const results = await Promise.allSettled([0, 1, 2].map((i) => batcher.query(id(i), ['X'], NS, OPTIONS)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { statusCode: 404 } });
    expect(api.calls).toEqual([[id(0), id(1), id(2)], [id(0)], [id(1)], [id(2)]]);
  });

  it('fails a read whose resource the answer leaves out', async () => {
    const batcher = metricsBatcher(async () => [], { windowMs: 0 });
    await expect(batcher.query(id(1), ['X'], NS, OPTIONS)).rejects.toThrow(/no values for/);
  });

  it('sends at once when the window is 0', async () => {
    const api = fakeApi();
    const batcher = metricsBatcher(api.send, { windowMs: 0 });
    await Promise.all([batcher.query(id(1), ['X'], NS, OPTIONS), batcher.query(id(2), ['X'], NS, OPTIONS)]);
    expect(api.calls).toEqual([[id(1)], [id(2)]]);
  });
});
