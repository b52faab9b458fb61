// The plan against the endpoint as it is: an existing deployment of the candidate's name, an existing mirror, and
// canary weights that must fit the baseline's share when other deployments take traffic too.
import { planSchema } from '../../../domain/plan';
import { checkPlanRules, type LiveEndpointFacts } from '../../../domain/plan-rules';

const plan = (extra: Record<string, unknown> = {}) =>
  planSchema.parse({
    endpoint: 'heart',
    candidate: { model: 'azureml:heart:2' },
    stages: [
      { kind: 'deploy' },
      { kind: 'canary', weight: 20, bake: '1m' },
      { kind: 'canary', weight: 60, bake: '1m' },
      { kind: 'promote' },
    ],
    ...extra,
  });

const facts = (extra: Partial<LiveEndpointFacts> = {}): LiveEndpointFacts => ({
  computeType: 'Managed',
  deployments: ['blue'],
  traffic: { blue: 100 },
  mirrorTraffic: {},
  ...extra,
});

const rulesOf = (p: ReturnType<typeof plan>, f: LiveEndpointFacts) => checkPlanRules(p, f).problems.map((x) => x.rule);

describe('an existing deployment of the candidate name', () => {
  const kept = facts({ deployments: ['blue', 'green'], traffic: { blue: 100, green: 0 } });

  it('is refused, naming candidate.name', () => {
    expect(checkPlanRules(plan(), kept).problems).toEqual([
      {
        path: 'candidate.name',
        rule: 'candidate.exists',
        message: expect.stringMatching(/'green' already exists .*replace: true/),
      },
    ]);
  });

  it('is allowed with replace: true, but a live one never is', () => {
    expect(rulesOf(plan({ replace: true }), kept)).toEqual([]);
    const live = facts({ deployments: ['blue', 'green'], traffic: { blue: 90, green: 10 } });
    const named = plan({ replace: true, baseline: 'blue' });
    expect(rulesOf(named, live)).toEqual(['candidate.notLive']);
  });
});

describe('an endpoint that already mirrors', () => {
  it('is refused up front', () => {
    const mirroring = facts({ deployments: ['blue', 'shadow'], mirrorTraffic: { shadow: 10 } });
    expect(checkPlanRules(plan(), mirroring).problems).toEqual([
      { path: 'endpoint', rule: 'endpoint.mirrorActive', message: expect.stringMatching(/shadow 10%/) },
    ]);
  });
});

describe('canary weights beside a third deployment', () => {
  it.each([
    [{ blue: 90, third: 10 }, []],
    [{ blue: 60, third: 40 }, ['stages[2].weight']],
    [{ blue: 15, third: 85 }, ['stages[1].weight', 'stages[2].weight']],
  ])('with traffic %j the misfits are %j', (traffic, paths) => {
    const named = plan({ baseline: 'blue' });
    const problems = checkPlanRules(named, facts({ deployments: ['blue', 'third'], traffic })).problems;
    expect(problems.map((p) => p.path)).toEqual(paths);
    expect(problems.every((p) => p.rule === 'canary.fitsBaseline')).toBe(true);
  });

  it('leaves a baseline that serves nothing to the baseline rules', () => {
    const rules = rulesOf(
      plan({ baseline: 'purple' }),
      facts({ deployments: ['blue', 'third'], traffic: { blue: 50, third: 50 } }),
    );
    expect(rules).toEqual(['baseline.exists']);
  });
});
