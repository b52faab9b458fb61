// checkPlan against the emulator: live baseline and candidate resolution, the model registry (@latest, unknown
// versions), Kubernetes endpoints refusing mirrors, a missing endpoint; every problem named by path and rule.
import { planSchema, type PlanInput } from '../../../domain/plan';
import { useActivitiesEnv } from '../../support/activities-env';
import { heartRequest } from '../../support/heart-request';

const env = useActivitiesEnv();

const STAGES: PlanInput['stages'] = [
  { kind: 'deploy' },
  { kind: 'validate', requests: 20, request: heartRequest(3) },
  { kind: 'mirror', percent: 10, duration: '1m' },
  { kind: 'canary', weight: 10, bake: '1m' },
  { kind: 'promote' },
  { kind: 'cleanup' },
];

function check(endpoint: string, overrides: Partial<PlanInput> = {}) {
  const plan = planSchema.parse({
    endpoint,
    candidate: { model: 'azureml:heart-classifier:2' },
    stages: STAGES,
    ...overrides,
  });
  return env.activities.checkPlan({ target: { ...env.target, endpoint }, plan });
}

const rulesOf = (problems: { path?: string; rule?: string }[]) => problems.map((p) => `${p.path}:${p.rule}`);

describe('checkPlan', () => {
  it('accepts a sound plan and resolves baseline, candidate and the model', async () => {
    const result = await check('heart-ep');
    expect(result).toMatchObject({
      problems: [],
      baseline: 'blue',
      candidateName: 'green',
      model: 'azureml:heart-classifier:2',
    });
    expect(result.endpoint).toMatchObject({ name: 'heart-ep', computeType: 'Managed', traffic: { blue: 100 } });
  });

  it('warns, without refusing, when the candidate has less concurrency than the live baseline', async () => {
    const small = await check('heart-ep');
    expect(small.problems).toEqual([]);
    expect(rulesOf(small.warnings ?? [])).toEqual(['candidate.instance_count:capacity.belowBaseline']);
    const sized = await check('heart-ep', {
      candidate: {
        model: 'azureml:heart-classifier:2',
        instance_count: 2,
        request_settings: { max_concurrent_requests_per_instance: 8 },
      },
    });
    expect(sized.warnings).toEqual([]);
  });

  it('resolves azureml:NAME@latest to the newest registered version', async () => {
    const result = await check('heart-ep', { candidate: { model: 'azureml:heart-classifier@latest' } });
    expect(result.model).toBe('azureml:heart-classifier:3');
    expect(result.problems).toEqual([]);
  });

  it('refuses an unknown model version and an unknown model', async () => {
    const version = await check('heart-ep', { candidate: { model: 'azureml:heart-classifier:9' } });
    expect(rulesOf(version.problems)).toEqual(['candidate.model:model.exists']);
    const name = await check('heart-ep', { candidate: { model: 'azureml:no-such-model@latest' } });
    expect(rulesOf(name.problems)).toEqual(['candidate.model:model.exists']);
  });

  it('refuses a mirror stage on a Kubernetes endpoint', async () => {
    const result = await check('heart-k8s');
    expect(result.endpoint.computeType).toBe('Kubernetes');
    expect(rulesOf(result.problems)).toEqual(['stages[2].kind:mirror.kubernetes']);
  });

  it('reports a missing endpoint', async () => {
    const result = await check('nowhere-ep');
    expect(rulesOf(result.problems)).toEqual(['endpoint:endpoint.exists']);
  });

  it('returns every problem at once: a live candidate name, a missing baseline, an unknown model, bad order', async () => {
    const result = await check('heart-ep', {
      baseline: 'purple',
      candidate: { name: 'blue', model: 'azureml:heart-classifier:7' },
      stages: [{ kind: 'promote' }, { kind: 'canary', weight: 10, bake: '1m' }, { kind: 'deploy' }],
    });
    expect(rulesOf(result.problems)).toEqual([
      'baseline:baseline.exists',
      'candidate.name:candidate.notLive',
      'stages[0].kind:order.deployFirst',
      'stages[1].kind:order.promoteAfterCanaries',
      'candidate.model:model.exists',
    ]);
    expect(result.problems.every((p) => p.message.length > 0)).toBe(true);
  });
});
