// Azure Monitor points → IntervalSamples: the read window (whole grains, after the lag), error classes, grains not
// yet known held back, then missing.
import {
  MAX_READ_GRAINS,
  bucketGrid,
  bucketsWithData,
  buildSamples,
  grainInterval,
  isClientErrorStatus,
  isErrorStatus,
  readWindow,
  settleGrains,
  type MetricPoint,
} from '../../../activities/metric-samples';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const names = { baseline: 'blue', candidate: 'green' };
const rpm = (deployment: string, statuscode: string, total: number, at = T0): MetricPoint => ({
  metric: 'RequestsPerMinute',
  at,
  dims: { deployment, statuscode },
  total,
});

describe('metric windows', () => {
  const azure = { grainMs: 60_000, lagMs: 240_000 };

  it('reads whole grains from the cursor up to the last grain older than the lag', () => {
    // Cursor inside a minute: the read starts at the next minute; it ends at the last minute that ended 4 min ago.
    expect(readWindow(T0 + 15_000, T0 + 9 * 60_000 + 30_000, azure)).toEqual({
      start: T0 + 60_000,
      end: T0 + 5 * 60_000,
    });
    // Nothing complete and old enough yet.
    expect(readWindow(T0, T0 + 4 * 60_000 + 59_000, azure)).toBeUndefined();
    expect(readWindow(T0, T0 + 5 * 60_000, azure)).toEqual({ start: T0, end: T0 + 60_000 });
  });

  it('reads each grain exactly once: consecutive gates tile time without overlap or gap', () => {
    const s = { grainMs: 10_000, lagMs: 40_000 };
    let cursor = T0 + 3_000;
    const read: number[] = [];
    for (let now = T0; now < T0 + 300_000; now += 7_000) {
      const w = readWindow(cursor, now, s);
      if (!w) continue;
      for (const b of bucketGrid(w.start, w.end, s.grainMs)) read.push(b.start);
      cursor = w.end;
    }
    const expected = Array.from({ length: read.length }, (_, k) => T0 + 10_000 + k * 10_000);
    expect(read).toEqual(expected);
    expect(read.length).toBeGreaterThan(20);
  });

  it('after a long pause reads in chunks of at most MAX_READ_GRAINS, oldest first, so results stay small', () => {
    const days = 3 * 24 * 60 * 60_000;
    const first = readWindow(T0, T0 + days, azure)!;
    expect(first).toEqual({ start: T0, end: T0 + MAX_READ_GRAINS * 60_000 });
    const second = readWindow(first.end, T0 + days, azure)!;
    expect(second.start).toBe(first.end);
    const samples = buildSamples(bucketGrid(first.start, first.end), [rpm('blue', '200', 1000, T0)], names, 0.2);
    expect(JSON.stringify(samples).length).toBeLessThan(200_000);
  });

  it('asks for the grain as the interval and cuts one bucket per grain', () => {
    expect(grainInterval(60_000)).toBe('PT1M');
    expect(grainInterval(10_000)).toBe('PT10S');
    expect(bucketGrid(T0, T0 + 120_000)).toEqual([
      { start: T0, end: T0 + 60_000 },
      { start: T0 + 60_000, end: T0 + 120_000 },
    ]);
  });
});

describe('grains not yet known', () => {
  const grid = bucketGrid(T0, T0 + 180_000);
  const withBaseline = (points: MetricPoint[]) => buildSamples(grid, points, names, 0.2);
  const base = [0, 1, 2].map((k) => rpm('blue', '200', 100, T0 + k * 60_000));

  it('holds back trailing grains without candidate data while the wait lasts, so the cursor stops before them', () => {
    const points = [...base, rpm('green', '200', 20, T0)];
    const kept = settleGrains(withBaseline(points), bucketsWithData(grid, points, 'green'), T0);
    expect(kept.map((s) => s.start)).toEqual(['2026-01-01T00:00:00.000Z']);
    expect(kept[0].missing).toBeUndefined();
  });

  it('after the wait takes them as missing data where the baseline traffic says requests were due, never as zero', () => {
    const points = [...base, rpm('green', '200', 20, T0)];
    const kept = settleGrains(withBaseline(points), bucketsWithData(grid, points, 'green'), T0 + 180_000);
    expect(kept.map((s) => [s.candidate.requests, s.missing ?? false])).toEqual([
      [20, false],
      [0, true],
      [0, true],
    ]);
  });

  it('does not call a grain missing when so little traffic was due that none is plausible, nor with no candidate weight', () => {
    const quiet = [0, 1, 2].map((k) => rpm('blue', '200', 20, T0 + k * 60_000));
    const kept = settleGrains(
      buildSamples(grid, quiet, names, 0.2),
      bucketsWithData(grid, quiet, 'green'),
      T0 + 180_000,
    );
    expect(kept.map((s) => s.missing ?? false)).toEqual([false, false, false]);
    const none = settleGrains(buildSamples(grid, base, names, 0), bucketsWithData(grid, base, 'green'), T0);
    expect(none).toHaveLength(3);
  });
});

describe('isErrorStatus', () => {
  it.each([
    ['200', false],
    ['400', false],
    ['401', false],
    ['404', false],
    ['408', true],
    ['424', true],
    ['429', true],
    ['500', true],
    ['503', true],
    [undefined, false],
  ])('%s → %s', (code, expected) => {
    expect(isErrorStatus(code)).toBe(expected);
  });
});

describe('isClientErrorStatus', () => {
  it.each([
    ['400', true],
    ['404', true],
    ['408', false],
    ['429', false],
    ['424', false],
    ['500', false],
    ['200', false],
  ])('%s → %s', (code, expected) => expect(isClientErrorStatus(code)).toBe(expected));
});

describe('buildSamples', () => {
  it('sums requests and errors per deployment and keeps latency percentiles', () => {
    const points: MetricPoint[] = [
      rpm('blue', '200', 90),
      rpm('blue', '500', 2),
      rpm('blue', '400', 3),
      rpm('green', '200', 8),
      rpm('green', '424', 2),
      rpm('other', '500', 50),
      { metric: 'RequestLatency_P99', at: T0, dims: { deployment: 'green' }, average: 120 },
      { metric: 'RequestLatency_P50', at: T0, dims: { deployment: 'blue' }, average: 20 },
    ];
    const [sample] = buildSamples(bucketGrid(T0, T0 + 60_000), points, names, 0.1);
    expect(sample).toEqual({
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-01-01T00:01:00.000Z',
      candidateShare: 0.1,
      baseline: { requests: 95, errors: 2, clientErrors: 3, latencyP50Ms: 20 },
      candidate: { requests: 10, errors: 2, latencyP99Ms: 120 },
    });
  });

  it('puts points into their minute and returns zero counts where there is no data', () => {
    const points = [rpm('green', '200', 5, T0 + 60_000)];
    const samples = buildSamples(bucketGrid(T0, T0 + 120_000), points, names, 0.5);
    expect(samples.map((s) => s.candidate.requests)).toEqual([0, 5]);
    expect(samples.map((s) => s.baseline)).toEqual([
      { requests: 0, errors: 0 },
      { requests: 0, errors: 0 },
    ]);
  });
});
