// Plan check against the metrics clock: no interval below a grain, no gated stage too short to see one grain.
import { metricsClockProblems, minimumGatedMs } from '../../../domain/plan-metrics';
import { planSchema, type PlanInput } from '../../../domain/plan';

const azure = { grainMs: 60_000, lagMs: 240_000 };
const plan = (analysis: PlanInput['analysis'], stages: PlanInput['stages']) =>
  planSchema.parse({ endpoint: 'heart-ep', candidate: { model: 'azureml:heart:2' }, analysis, stages });

describe('metrics clock plan rules', () => {
  it("accepts a plan that fits Azure's clock", () => {
    const p = plan({ interval: '60s' }, [{ kind: 'deploy' }, { kind: 'mirror', percent: 10, duration: '6m' }, { kind: 'canary', weight: 10, bake: '10m' }]);
    expect(metricsClockProblems(p, azure)).toEqual([]);
  });

  it('refuses an interval below the grain and stages too short to see a grain, naming the field and the minimum', () => {
    const p = plan({ interval: '10s' }, [{ kind: 'deploy' }, { kind: 'mirror', percent: 10, duration: '2m' }, { kind: 'canary', weight: 10, bake: '5m' }]);
    const problems = metricsClockProblems(p, azure);
    expect(problems.map((x) => x.path)).toEqual(['analysis.interval', 'stages[1].duration', 'stages[2].bake']);
    expect(problems[0].message).toMatch(/must be at least 1m/);
    expect(problems[1].message).toMatch(/minimum is 6m: up to 1m to the next grain boundary, one complete 1m grain, then the 4m ingestion lag/);
  });

  it("a plan's metricsLag raises the minimum; the accelerated clock lowers it", () => {
    const p = plan({ interval: '60s', metricsLag: '10m' }, [{ kind: 'deploy' }, { kind: 'canary', weight: 10, bake: '10m' }]);
    expect(minimumGatedMs(p, azure)).toBe(12 * 60_000);
    expect(metricsClockProblems(p, azure).map((x) => x.path)).toEqual(['stages[1].bake']);
    const fast = plan({ interval: '10s' }, [{ kind: 'deploy' }, { kind: 'canary', weight: 10, bake: '60s' }]);
    expect(metricsClockProblems(fast, { grainMs: 10_000, lagMs: 40_000 })).toEqual([]);
  });
});
