// Capacity at every stage: how the candidate is sized (fixed, match, weighted), what is refused (a promotion it
// cannot carry, more than Azure's instances per deployment, a baseline scaled below its live size, the vCPU quota).
import { planCapacity, type DeploymentCapacity } from '../../../domain/capacity';
import { planSchema, type PlanInput } from '../../../domain/plan';
import { reservedCores } from '../../../domain/quota';

const BLUE: DeploymentCapacity = { instanceCount: 2, maxConcurrentRequestsPerInstance: 8 };
const STAGES: PlanInput['stages'] = [
  { kind: 'deploy' },
  { kind: 'mirror', percent: 20, duration: '1m' },
  { kind: 'canary', weight: 25, bake: '1m' },
  { kind: 'promote' },
];

function plan(overrides: Partial<PlanInput> = {}, candidate: Record<string, unknown> = {}) {
  return planSchema.parse({
    endpoint: 'heart-ep',
    candidate: { model: 'azureml:heart:2', ...candidate },
    stages: STAGES,
    ...overrides,
  });
}

const rules = (problems: { path?: string; rule?: string }[]) => problems.map((p) => `${p.path}:${p.rule}`);
const sizes = (steps: ReturnType<typeof planCapacity>['steps']) => steps.map((s) => s.candidate?.instances ?? 0);

describe('planCapacity', () => {
  it('brings the candidate to the baseline capacity before promotion by default, warning for the steps before', () => {
    const result = planCapacity(plan(), BLUE);
    expect(result.problems).toEqual([]);
    expect(sizes(result.steps)).toEqual([1, 1, 1, 16]);
    expect(result.steps.map((s) => s.resizeCandidate)).toEqual([undefined, undefined, undefined, 16]);
    expect(rules(result.warnings)).toEqual([
      'stages[1].kind:capacity.belowShare',
      'stages[2].kind:capacity.belowShare',
    ]);
    expect(result.steps[3]).toMatchObject({
      baseline: { instances: 2, concurrency: 16, share: 0 },
      candidate: { instances: 16, concurrency: 16, share: 100, needs: 16 },
    });
  });

  it('refuses a promotion a fixed-size candidate cannot carry, naming both capacities', () => {
    const result = planCapacity(plan({ scaling: { candidate: 'fixed' } }), BLUE);
    expect(rules(result.problems)).toEqual(['stages[3].kind:capacity.promotion']);
    expect(result.problems[0].message).toMatch(/carries 1 concurrent requests .* needs 16/);
    const sized = plan(
      { scaling: { candidate: 'fixed' } },
      { instance_count: 2, request_settings: { max_concurrent_requests_per_instance: 8 } },
    );
    expect(planCapacity(sized, BLUE).problems).toEqual([]);
  });

  it('sizes a weighted candidate with its share at each step, from its floor', () => {
    const weighted = plan(
      { scaling: { candidate: 'weighted', minInstances: 1 } },
      { instance_count: 3, request_settings: { max_concurrent_requests_per_instance: 2 } },
    );
    const result = planCapacity(weighted, { instanceCount: 4, maxConcurrentRequestsPerInstance: 4 });
    // demand 16: 20% mirrored needs 3.2 → 2 instances of 2; 25% needs 4 → 2; 100% needs 16 → 8.
    expect(sizes(result.steps)).toEqual([1, 2, 2, 8]);
    expect(result.steps.map((s) => s.resizeCandidate)).toEqual([1, 2, undefined, 8]);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('scales the baseline up before shifting and sizes the candidate against the larger demand', () => {
    const stages: PlanInput['stages'] = [
      { kind: 'scale', deployment: 'baseline', instance_count: 4 },
      { kind: 'deploy' },
      { kind: 'canary', weight: 50, bake: '1m' },
      { kind: 'promote' },
    ];
    const result = planCapacity(
      plan(
        { stages, scaling: { candidate: 'weighted', minInstances: 2 } },
        { request_settings: { max_concurrent_requests_per_instance: 8 } },
      ),
      BLUE,
    );
    expect(result.steps.map((s) => s.baseline.instances)).toEqual([4, 4, 4, 4]);
    expect(sizes(result.steps)).toEqual([0, 2, 2, 4]);
    expect(result.problems).toEqual([]);
  });

  it('refuses a baseline scaled below its live size and a candidate scaled before it exists', () => {
    const stages: PlanInput['stages'] = [
      { kind: 'scale', deployment: 'baseline', instance_count: 1 },
      { kind: 'scale', deployment: 'candidate', instance_count: 3 },
      { kind: 'deploy' },
      { kind: 'promote' },
    ];
    expect(rules(planCapacity(plan({ stages }), BLUE).problems)).toEqual([
      'stages[0].instance_count:scale.baselineBelowLive',
      'stages[1].deployment:order.scaleAfterDeploy',
    ]);
  });

  it("refuses sizes past Azure's 50 instances per deployment", () => {
    const result = planCapacity(plan(), { instanceCount: 40, maxConcurrentRequestsPerInstance: 4 });
    expect(rules(result.problems)).toEqual(['stages[3].kind:limits.instances']);
    expect(result.problems[0].message).toMatch(/160 instances/);
  });

  it("refuses a plan that would exceed the family's vCPU quota, counting Azure's 20% reservation", () => {
    expect(reservedCores(10, 4)).toBe(48); // the worked example of Azure's quota page
    expect(reservedCores(5, 4)).toBe(24);
    const quota = {
      candidate: { family: 'standardDSv2Family', vCPUs: 4 },
      baseline: { family: 'standardDSv2Family', vCPUs: 4 },
      available: { standardDSv2Family: 40 },
    };
    const result = planCapacity(plan(), BLUE, quota);
    // 16 instances at promotion hold ceil(19.2) x 4 = 80 vCPUs.
    expect(rules(result.problems)).toEqual(['stages[3].kind:quota.cores']);
    expect(result.problems[0].message).toMatch(/needs 80 more standardDSv2Family vCPUs .* 40 left/);
    expect(planCapacity(plan(), BLUE, { ...quota, available: { standardDSv2Family: 80 } }).problems).toEqual([]);
  });

  it('asks an autoscaling baseline for an autoscaling candidate, and never resizes either', () => {
    const autoscaled = { ...BLUE, autoscale: { minInstances: 1, maxInstances: 5, targetUtilizationPercentage: 70 } };
    const result = planCapacity(plan(), autoscaled);
    expect(rules(result.problems)).toEqual([
      'candidate.scale_settings:scaling.autoscale',
      'stages[3].kind:capacity.promotion',
    ]);
    expect(result.problems[0].message).toMatch(/1 to 5 instances at 70%/);
    expect(result.steps.every((s) => s.resizeCandidate === undefined)).toBe(true);
    // scale_settings as the CLI v2 candidate schema carries it (set on the parsed plan until that schema has it).
    const both = plan();
    Object.assign(both.candidate, { scale_settings: { type: 'target_utilization' } });
    expect(planCapacity(both, autoscaled).problems).toEqual([]);
  });

  it('has nothing to say without a baseline (a first release)', () => {
    expect(planCapacity(plan(), undefined)).toEqual({ steps: [], problems: [], warnings: [] });
  });
});
