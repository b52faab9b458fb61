// Azure Monitor points → IntervalSamples: bucket grid, error classes, zero counts for no data.
import { bucketGrid, buildSamples, isErrorStatus, metricInterval, type MetricPoint } from '../../../activities/metric-samples';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const names = { baseline: 'blue', candidate: 'green' };
const rpm = (deployment: string, statuscode: string, total: number, at = T0): MetricPoint => ({
  metric: 'RequestsPerMinute', at, dims: { deployment, statuscode }, total,
});

describe('metric windows', () => {
  it('asks for one FULL interval under a minute and PT1M buckets otherwise', () => {
    expect(metricInterval(T0, T0 + 20_000)).toBe('FULL');
    expect(metricInterval(T0, T0 + 60_000)).toBe('PT1M');
    expect(bucketGrid(T0, T0 + 20_000)).toEqual([{ start: T0, end: T0 + 20_000 }]);
    expect(bucketGrid(T0, T0 + 150_000)).toEqual([
      { start: T0, end: T0 + 60_000 },
      { start: T0 + 60_000, end: T0 + 120_000 },
      { start: T0 + 120_000, end: T0 + 150_000 },
    ]);
  });
});

describe('isErrorStatus', () => {
  it.each([
    ['200', false], ['400', false], ['401', false], ['404', false],
    ['408', true], ['424', true], ['429', true], ['500', true], ['503', true], [undefined, false],
  ])('%s → %s', (code, expected) => {
    expect(isErrorStatus(code)).toBe(expected);
  });
});

describe('buildSamples', () => {
  it('sums requests and errors per deployment and keeps latency percentiles', () => {
    const points: MetricPoint[] = [
      rpm('blue', '200', 90), rpm('blue', '500', 2), rpm('blue', '400', 3),
      rpm('green', '200', 8), rpm('green', '424', 2), rpm('other', '500', 50),
      { metric: 'RequestLatency_P99', at: T0, dims: { deployment: 'green' }, average: 120 },
      { metric: 'RequestLatency_P50', at: T0, dims: { deployment: 'blue' }, average: 20 },
    ];
    const [sample] = buildSamples(bucketGrid(T0, T0 + 30_000), points, names, 0.1);
    expect(sample).toEqual({
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-01-01T00:00:30.000Z',
      candidateShare: 0.1,
      baseline: { requests: 95, errors: 2, latencyP50Ms: 20 },
      candidate: { requests: 10, errors: 2, latencyP99Ms: 120 },
    });
  });

  it('puts points into their minute and returns zero counts where there is no data', () => {
    const points = [rpm('green', '200', 5, T0 + 60_000)];
    const samples = buildSamples(bucketGrid(T0, T0 + 120_000), points, names, 0.5);
    expect(samples.map((s) => s.candidate.requests)).toEqual([0, 5]);
    expect(samples.map((s) => s.baseline)).toEqual([{ requests: 0, errors: 0 }, { requests: 0, errors: 0 }]);
  });
});
