import { findMetric, type Aggregation } from '../../../../emulator/metrics/catalog';
import { parseFilter } from '../../../../emulator/metrics/filter';
import { percentile } from '../../../../emulator/metrics/percentile';
import { computeSeries } from '../../../../emulator/metrics/series';
import { AZURE_METRICS_CLOCK } from '../../../../emulator/metrics/ingestion';
import { buckets, type Interval } from '../../../../emulator/metrics/timespan';
import type { ServedRequest } from '../../../../emulator/types';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const req = (sec: number, deployment: string, status: number, latencyMs: number): ServedRequest => ({
  at: T0 + sec * 1000,
  endpoint: 'ep',
  deployment,
  mirrored: false,
  status,
  latencyMs,
});
// minute 0: blue 200 x3 (10, 20, 30 ms), green 500 x1 (100 ms); minute 1: blue 200 x1 (40 ms); minute 2: empty
const records = [
  req(1, 'blue', 200, 10),
  req(2, 'blue', 200, 20),
  req(3, 'green', 424, 100),
  req(30, 'blue', 200, 30),
  req(70, 'blue', 200, 40),
];
const ALL: Aggregation[] = ['total', 'count', 'average', 'minimum', 'maximum'];
const VISIBLE = { clock: AZURE_METRICS_CLOCK, now: Infinity, extraDelayMs: 0 };

function run(metric: string, interval: Interval, filter?: string, window = { start: T0, end: T0 + 180_000 }) {
  return computeSeries({
    metric: findMetric('endpoint', metric)!,
    records,
    buckets: buckets(window, interval),
    aggregations: ALL,
    filter: filter ? parseFilter(filter) : undefined,
    top: 10,
    orderBy: { aggregation: 'total', descending: true },
    ...VISIBLE,
  });
}

describe('metric series', () => {
  it('RequestsPerMinute per minute: one sample per non-empty minute, empty buckets carry only a timestamp', () => {
    const [s] = run('RequestsPerMinute', 60_000);
    expect(s.metadatavalues).toEqual([]);
    expect(s.data).toEqual([
      { timeStamp: '2025-01-01T00:00:00.000Z', total: 4, count: 1, average: 4, minimum: 4, maximum: 4 },
      { timeStamp: '2025-01-01T00:01:00.000Z', total: 1, count: 1, average: 1, minimum: 1, maximum: 1 },
      { timeStamp: '2025-01-01T00:02:00.000Z' },
    ]);
  });

  it('RequestsPerMinute over FULL aggregates the minute samples', () => {
    const [s] = run('RequestsPerMinute', 'FULL');
    expect(s.data).toEqual([
      { timeStamp: '2025-01-01T00:00:00.000Z', total: 5, count: 2, average: 2.5, minimum: 1, maximum: 4 },
    ]);
  });

  it('splits by the dimensions the filter names, with lower-cased metadata names', () => {
    const series = run('RequestsPerMinute', 'FULL', "deployment eq '*' and statusCodeClass eq '*'");
    expect(
      series.map((s) => [s.metadatavalues.map((m) => `${m.name.value}=${m.value}`).join(','), s.data[0].total]),
    ).toEqual([
      ['deployment=blue,statuscodeclass=2xx', 4],
      ['deployment=green,statuscodeclass=4xx', 1],
    ]);
  });

  it('gives a series to a value named with eq even when it has no data', () => {
    const series = run('RequestsPerMinute', 'FULL', "deployment eq 'green' and statusCodeClass eq '5xx'");
    expect(series).toHaveLength(1);
    expect(series[0].data).toEqual([{ timeStamp: '2025-01-01T00:00:00.000Z' }]);
  });

  it('rolls up a filtered dimension instead of splitting by it', () => {
    const series = computeSeries({
      metric: findMetric('endpoint', 'RequestsPerMinute')!,
      records,
      buckets: buckets({ start: T0, end: T0 + 180_000 }, 'FULL'),
      aggregations: ['total'],
      filter: parseFilter("deployment eq 'blue' or deployment eq 'green'"),
      top: 10,
      orderBy: { aggregation: 'total', descending: true },
      ...VISIBLE,
      rollUp: ['deployment'],
    });
    expect(series).toEqual([{ metadatavalues: [], data: [{ timeStamp: '2025-01-01T00:00:00.000Z', total: 5 }] }]);
  });

  it('filters with ne', () => {
    const series = run('RequestsPerMinute', 'FULL', "statusCode ne '200'");
    expect(series.map((s) => [s.metadatavalues[0].value, s.data[0].total])).toEqual([['424', 1]]);
  });

  it('RequestLatency averages every request; percentiles are per-minute nearest-rank values', () => {
    const [lat] = run('RequestLatency', 'FULL');
    expect(lat.data[0]).toMatchObject({ count: 5, total: 200, average: 40, minimum: 10, maximum: 100 });
    const [p50] = run('RequestLatency_P50', 'FULL', "deployment eq 'blue'");
    expect(p50.data[0]).toMatchObject({ count: 2, minimum: 20, maximum: 40, average: 30 });
  });

  it('answers only whole minutes: a window inside one minute has no points, partial minutes at the ends are left out', () => {
    const inside = { start: T0 + 1_500, end: T0 + 20_000 };
    expect(run('RequestsPerMinute', 'FULL', undefined, inside)[0].data).toEqual([]);
    const straddling = { start: T0 + 1_500, end: T0 + 150_000 };
    const [rpm] = run('RequestsPerMinute', 60_000, undefined, straddling);
    expect(rpm.data).toEqual([
      { timeStamp: '2025-01-01T00:01:00.000Z', total: 1, count: 1, average: 1, minimum: 1, maximum: 1 },
    ]);
  });

  it('keeps the top series by the order aggregation', () => {
    const series = computeSeries({
      metric: findMetric('endpoint', 'RequestsPerMinute')!,
      records,
      buckets: buckets({ start: T0, end: T0 + 180_000 }, 'FULL'),
      aggregations: ['total'],
      filter: parseFilter("deployment eq '*'"),
      top: 1,
      orderBy: { aggregation: 'total', descending: false },
      ...VISIBLE,
    });
    expect(series.map((s) => s.metadatavalues[0].value)).toEqual(['green']);
  });
});

describe('percentile (nearest rank)', () => {
  it.each([
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 51, 3],
    [[5], 99, 5],
    [[3, 1, 2], 100, 3],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90, 90],
  ])('of %j at p%d is %d', (values, p, expected) => expect(percentile(values, p)).toBe(expected));

  it('is undefined without values', () => expect(percentile([], 50)).toBeUndefined());
});
