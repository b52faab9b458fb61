// Plan check against the metrics clock: no interval below a grain, no gated stage too short to see one grain.
import { metricsClockProblems, minimumGatedMs } from '../../../domain/plan-metrics';
import { planSchema, type PlanInput } from '../../../domain/plan';

const azure = { grainMs: 60_000, lagMs: 240_000 };
const plan = (analysis: PlanInput['analysis'], stages: PlanInput['stages']) =>
  planSchema.parse({ endpoint: 'heart-ep', candidate: { model: 'azureml:heart:2' }, analysis, stages });

describe('metrics clock plan rules', () => {
  it("accepts a plan that fits Azure's clock", () => {
    const p = plan({ interval: '60s' }, [
      { kind: 'deploy' },
      { kind: 'mirror', percent: 10, duration: '6m' },
      { kind: 'canary', weight: 10, bake: '10m' },
    ]);
    expect(metricsClockProblems(p, azure)).toEqual([]);
  });

  it('refuses an interval below the grain and stages too short to see a grain, naming the field and the minimum', () => {
    const p = plan({ interval: '10s' }, [
      { kind: 'deploy' },
      { kind: 'mirror', percent: 10, duration: '90s' },
      { kind: 'canary', weight: 10, bake: '60s' },
      { kind: 'promote', watch: '1m' },
    ]);
    const problems = metricsClockProblems(p, azure);
    expect(problems.map((x) => x.path)).toEqual([
      'analysis.interval',
      'stages[1].duration',
      'stages[2].bake',
      'stages[3].watch',
    ]);
    expect(problems[0].message).toMatch(/must be at least 1m/);
    expect(problems[1].message).toMatch(
      /minimum is 2m: up to 1m to the next grain boundary, then one complete 1m grain \(the final gate then waits the 4m ingestion lag/,
    );
  });

  it('the accelerated clock lowers the minimum; a plan metricsLag is named in the message', () => {
    const p = plan({ interval: '60s', metricsLag: '10m' }, [
      { kind: 'deploy' },
      { kind: 'canary', weight: 10, bake: '90s' },
    ]);
    expect(minimumGatedMs(p, azure)).toBe(2 * 60_000);
    expect(metricsClockProblems(p, azure)[0].message).toMatch(/waits the 10m ingestion lag/);
    const fast = plan({ interval: '5s' }, [{ kind: 'deploy' }, { kind: 'canary', weight: 10, bake: '20s' }]);
    expect(metricsClockProblems(fast, { grainMs: 5_000, lagMs: 20_000 })).toEqual([]);
  });
});
