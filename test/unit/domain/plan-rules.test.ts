// Pure plan rules: stage order, traffic stages, baseline and candidate resolution, limits, model references.
import {
  checkPlanRules,
  chooseCandidateName,
  newestVersion,
  parseModelRef,
  resolveBaseline,
  stageOrderProblems,
  trafficStageProblems,
  type LiveEndpointFacts,
} from '../../../domain/plan-rules';
import { planSchema, type PlanInput, type Stage } from '../../../domain/plan';

const facts: LiveEndpointFacts = { computeType: 'Managed', deployments: ['blue'], traffic: { blue: 100 } };

function plan(overrides: Partial<PlanInput> = {}) {
  return planSchema.parse({
    endpoint: 'heart-ep',
    candidate: { model: 'azureml:heart:2' },
    stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 10, bake: '1m' }, { kind: 'promote' }, { kind: 'cleanup' }],
    ...overrides,
  });
}

const rules = (problems: { rule?: string }[]) => problems.map((p) => p.rule);

describe('stageOrderProblems', () => {
  const s = (...kinds: Stage['kind'][]) =>
    kinds.map((kind) =>
      kind === 'canary'
        ? { kind, weight: 10, bake: '1m' }
        : kind === 'mirror'
          ? { kind, percent: 10, duration: '1m' }
          : { kind },
    ) as Stage[];

  it('accepts deploy, validate, mirror, canary, approval, promote, cleanup', () => {
    expect(stageOrderProblems(s('deploy', 'validate', 'mirror', 'canary', 'approval', 'promote', 'cleanup'))).toEqual(
      [],
    );
  });

  it('lets baseline scale stages come before deploy, and nothing else', () => {
    const scaleBlue = { kind: 'scale', deployment: 'baseline', instance_count: 4 } as Stage;
    expect(stageOrderProblems([scaleBlue, ...s('deploy', 'promote')])).toEqual([]);
    const scaleGreen = { kind: 'scale', deployment: 'candidate', instance_count: 4 } as Stage;
    expect(stageOrderProblems([scaleBlue, scaleGreen, ...s('deploy', 'promote')])).toEqual([
      expect.objectContaining({ path: 'stages[1].kind', rule: 'order.deployFirst' }),
    ]);
  });

  it.each([
    [['validate', 'deploy'], 'order.deployFirst', 'stages[0].kind'],
    [['deploy', 'deploy'], 'order.singleDeploy', 'stages[1].kind'],
    [['deploy', 'promote', 'canary'], 'order.promoteAfterCanaries', 'stages[2].kind'],
    [['deploy', 'canary', 'mirror', 'promote'], 'order.mirrorBeforeCanary', 'stages[2].kind'],
    [['deploy', 'promote', 'cleanup', 'approval'], 'order.cleanupLast', 'stages[2].kind'],
    [['deploy', 'cleanup'], 'order.cleanupAfterPromote', 'stages[1].kind'],
    [['deploy', 'promote', 'promote'], 'order.singlePromote', 'stages[2].kind'],
  ] as [Stage['kind'][], string, string][])('refuses %j with %s at %s', (kinds, rule, path) => {
    expect(stageOrderProblems(s(...kinds))).toContainEqual(expect.objectContaining({ rule, path }));
  });
});

describe('trafficStageProblems', () => {
  it('refuses decreasing canary weights and names the stage', () => {
    const stages = [
      { kind: 'canary', weight: 50, bake: '1m' },
      { kind: 'canary', weight: 20, bake: '1m' },
    ] as Stage[];
    expect(trafficStageProblems(stages, 'Managed')).toEqual([
      expect.objectContaining({ path: 'stages[1].weight', rule: 'canary.nonDecreasing' }),
    ]);
  });

  it('refuses canary weights outside 1..99 and mirrors over 50%', () => {
    const stages = [
      { kind: 'canary', weight: 120, bake: '1m' },
      { kind: 'mirror', percent: 60, duration: '1m' },
    ] as Stage[];
    expect(rules(trafficStageProblems(stages, 'Managed'))).toEqual(['canary.range', 'mirror.max']);
  });

  it('refuses a mirror stage on a Kubernetes endpoint', () => {
    const stages = [{ kind: 'mirror', percent: 10, duration: '1m' }] as Stage[];
    expect(trafficStageProblems(stages, 'Kubernetes')).toEqual([
      expect.objectContaining({ path: 'stages[0].kind', rule: 'mirror.kubernetes' }),
    ]);
    expect(trafficStageProblems(stages, 'Managed')).toEqual([]);
  });
});

describe('baseline and candidate', () => {
  it('takes the deployment with the most live traffic when no baseline is named', () => {
    expect(resolveBaseline(undefined, { ...facts, deployments: ['a', 'b'], traffic: { a: 30, b: 70 } }).baseline).toBe(
      'b',
    );
  });

  it('reports an endpoint with no live traffic', () => {
    expect(resolveBaseline(undefined, { ...facts, traffic: {} }).problems).toEqual([
      expect.objectContaining({ path: 'baseline', rule: 'baseline.live' }),
    ]);
  });

  it('checks a named baseline exists and holds traffic', () => {
    expect(rules(resolveBaseline('red', facts).problems)).toEqual(['baseline.exists']);
    expect(rules(resolveBaseline('blue', { ...facts, traffic: { blue: 0 } }).problems)).toEqual(['baseline.live']);
    expect(resolveBaseline('blue', facts)).toEqual({ baseline: 'blue', problems: [] });
  });

  it('picks whichever of blue and green is not the baseline', () => {
    expect(chooseCandidateName(undefined, 'blue')).toBe('green');
    expect(chooseCandidateName(undefined, 'green')).toBe('blue');
    expect(chooseCandidateName('canary-1', 'blue')).toBe('canary-1');
  });
});

describe('checkPlanRules', () => {
  it('accepts a sound plan and resolves the names', () => {
    expect(checkPlanRules(plan(), facts)).toEqual({ problems: [], baseline: 'blue', candidateName: 'green' });
  });

  it('refuses a candidate named like the live deployment', () => {
    const result = checkPlanRules(plan({ candidate: { name: 'blue', model: 'azureml:heart:2' } }), facts);
    expect(rules(result.problems)).toEqual(['candidate.notBaseline', 'candidate.notLive']);
    expect(result.problems[0].path).toBe('candidate.name');
  });

  it('refuses a 21st deployment', () => {
    const many = Array.from({ length: 20 }, (_, i) => `dep${i}`);
    const result = checkPlanRules(plan(), { ...facts, deployments: [...many], traffic: { dep0: 100 } });
    expect(rules(result.problems)).toEqual(['limits.deployments']);
  });

  it('returns every problem at once', () => {
    const bad = plan({
      stages: [
        { kind: 'canary', weight: 10, bake: '1m' },
        { kind: 'mirror', percent: 10, duration: '1m' },
      ],
    });
    const result = checkPlanRules(bad, { ...facts, computeType: 'Kubernetes' });
    expect(rules(result.problems)).toEqual(['order.deployFirst', 'order.mirrorBeforeCanary', 'mirror.kubernetes']);
  });

  it('refuses a validate stage with nothing to send, naming the field', () => {
    const stages = (validate: object) => [
      { kind: 'deploy' as const },
      { kind: 'validate' as const, ...validate },
      { kind: 'promote' as const },
    ];
    const result = checkPlanRules(plan({ stages: stages({}) }), facts);
    expect(result.problems).toEqual([
      expect.objectContaining({
        path: 'stages[1].requestBodies',
        rule: 'validate.inputs',
        message: expect.stringMatching(/'request'.*'requestBodies'.*'requestFile'/),
      }),
    ]);
    for (const inputs of [{ request: { data: [[1]] } }, { requestBodies: [{ data: [[1]] }] }]) {
      expect(checkPlanRules(plan({ stages: stages(inputs) }), facts).problems).toEqual([]);
    }
  });
});

describe('model references', () => {
  it('parses versions and @latest', () => {
    expect(parseModelRef('azureml:heart:3')).toEqual({ name: 'heart', version: '3' });
    expect(parseModelRef('azureml:heart@latest')).toEqual({ name: 'heart' });
    expect(parseModelRef('heart:3')).toBeUndefined();
  });

  it('finds the newest version in numeric order', () => {
    expect(newestVersion(['1', '10', '9'])).toBe('10');
    expect(newestVersion([])).toBeUndefined();
  });
});
