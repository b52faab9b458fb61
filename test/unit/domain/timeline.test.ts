import { planSchema } from '../../../domain/plan';
import { buildTimeline, formatDuration } from '../../../domain/timeline';

const names = { baseline: 'blue', candidate: 'green' };
const plan = (stages: unknown[]) =>
  planSchema.parse({ endpoint: 'heart-ep', candidate: { model: 'azureml:heart-classifier:2' }, stages });

describe('buildTimeline', () => {
  it('shows traffic and mirror at each stage of a full plan', () => {
    const timeline = buildTimeline(
      plan([
        { kind: 'deploy' },
        { kind: 'validate' },
        { kind: 'mirror', percent: 20, duration: '2m' },
        { kind: 'canary', weight: 10, bake: '5m' },
        { kind: 'approval', timeout: '1h' },
        { kind: 'canary', weight: 50, bake: '5m' },
        { kind: 'promote', watch: '10m' },
        { kind: 'cleanup', delay: '30s' },
      ]),
      names,
    );
    expect(timeline.steps.map((s) => [s.kind, s.traffic, s.mirrorTraffic])).toEqual([
      ['deploy', { blue: 100, green: 0 }, {}],
      ['validate', { blue: 100, green: 0 }, {}],
      ['mirror', { blue: 100, green: 0 }, { green: 20 }],
      ['canary', { blue: 90, green: 10 }, {}],
      ['approval', { blue: 90, green: 10 }, {}],
      ['canary', { blue: 50, green: 50 }, {}],
      ['promote', { blue: 0, green: 100 }, {}],
      ['cleanup', { green: 100 }, {}],
    ]);
    expect(timeline.steps[3].gate?.kind).toBe('metrics');
    expect(timeline.steps[1].gate?.kind).toBe('validation');
    expect(timeline.worstCaseDurationMs).toBe((2 + 5 + 60 + 5 + 10) * 60_000 + 30_000);
    expect(timeline.worstCase).toBe('1h 22m 30s');
  });

  it('reports an unbounded worst case when an approval pauses on timeout', () => {
    const timeline = buildTimeline(
      plan([{ kind: 'deploy' }, { kind: 'approval', onTimeout: 'pause', timeout: '5m' }]),
      names,
    );
    expect(timeline.worstCaseDurationMs).toBeNull();
    expect(timeline.steps[1].maxDurationMs).toBeNull();
    expect(timeline.worstCase).toMatch(/^unbounded/);
  });

  it('keeps the baseline at 0% when cleanup keeps it', () => {
    const timeline = buildTimeline(
      plan([
        { kind: 'promote', watch: '0s' },
        { kind: 'cleanup', baseline: 'keep' },
      ]),
      names,
    );
    expect(timeline.steps[1].traffic).toEqual({ blue: 0, green: 100 });
  });
});

describe('durations', () => {
  it('formats milliseconds for people', () => {
    expect(formatDuration(500)).toBe('500ms');
    expect(formatDuration(90_000)).toBe('1m 30s');
  });
});
