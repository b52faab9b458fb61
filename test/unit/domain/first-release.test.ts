// First-release rules: the endpoint spec names the plan's endpoint, and nothing compares with a baseline.
import { computeName, endpointSpecSchema, firstReleaseProblems } from '../../../domain/first-release';
import { planSchema, type PlanInput } from '../../../domain/plan';

const plan = (overrides: Partial<PlanInput> = {}) =>
  planSchema.parse({
    endpoint: 'new-ep',
    endpointSpec: { name: 'new-ep', auth_mode: 'key' },
    candidate: { model: 'azureml:heart:1' },
    stages: [{ kind: 'deploy' }, { kind: 'validate', request: {} }, { kind: 'promote' }],
    ...overrides,
  });

const rules = (p: { path?: string; rule?: string }[]) => p.map((x) => `${x.path}:${x.rule}`);

describe('firstReleaseProblems', () => {
  it('accepts deploy, validate and promote on absolute limits', () => {
    expect(firstReleaseProblems(plan())).toEqual([]);
  });

  it.each([
    [
      'a mirror stage',
      { stages: [{ kind: 'deploy' }, { kind: 'mirror', percent: 10, duration: '1m' }, { kind: 'promote' }] },
      'stages[1].kind:firstRelease.noMirror',
    ],
    [
      'a canary stage',
      { stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 10, bake: '1m' }, { kind: 'promote' }] },
      'stages[1].kind:firstRelease.noCanary',
    ],
    ['no promote', { stages: [{ kind: 'deploy' }, { kind: 'validate' }] }, 'stages:firstRelease.promote'],
    [
      'a baseline scale stage',
      {
        stages: [{ kind: 'scale', deployment: 'baseline', instance_count: 2 }, { kind: 'deploy' }, { kind: 'promote' }],
      },
      'stages[0].deployment:firstRelease.noBaseline',
    ],
    [
      'a relative error limit',
      { analysis: { slo: { maxErrorRateIncrease: 0.01 } } },
      'analysis.slo.maxErrorRateIncrease:firstRelease.absoluteSlo',
    ],
    ['a spec for another endpoint', { endpointSpec: { name: 'other-ep' } }, 'endpointSpec.name:endpoint.nameMatches'],
  ] as const)('refuses %s', (_name, overrides, expected) => {
    expect(rules(firstReleaseProblems(plan(overrides as Partial<PlanInput>)))).toEqual([expected]);
  });
});

describe('endpointSpecSchema', () => {
  it('takes the CLI v2 endpoint YAML fields, defaulting auth_mode to key, and refuses others', () => {
    expect(endpointSpecSchema.parse({ name: 'k8s-ep', compute: 'azureml:k8s-compute' })).toEqual({
      name: 'k8s-ep',
      compute: 'azureml:k8s-compute',
      auth_mode: 'key',
    });
    expect(computeName('azureml:k8s-compute')).toBe('k8s-compute');
    expect(endpointSpecSchema.safeParse({ name: 'x-ep', traffic: { blue: 100 } }).success).toBe(false);
    expect(endpointSpecSchema.safeParse({ name: 'x-ep', auth_mode: 'password' }).success).toBe(false);
  });
});
