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

  it('shows capacity at every stage, sizes the candidate for promotion, and warns for smaller steps', async () => {
    const small = await check('heart-ep');
    expect(small.problems).toEqual([]);
    expect(rulesOf(small.warnings ?? [])).toEqual([
      'stages[2].kind:capacity.belowShare',
      'stages[3].kind:capacity.belowShare',
    ]);
    // Blue: 2 instances x 8 concurrent requests; the default candidate takes 1 each, so 16 instances at promotion.
    expect(small.capacity?.map((s) => [s.kind, s.baseline.concurrency, s.candidate?.instances])).toEqual([
      ['deploy', 16, 1],
      ['validate', 16, 1],
      ['mirror', 16, 1],
      ['canary', 16, 1],
      ['promote', 16, 16],
      ['cleanup', 16, 16],
    ]);
    expect(small.capacity?.[4].resizeCandidate).toBe(16);
    const sized = await check('heart-ep', {
      candidate: {
        model: 'azureml:heart-classifier:2',
        instance_count: 2,
        request_settings: { max_concurrent_requests_per_instance: 8 },
      },
    });
    expect(sized.warnings).toEqual([]);
    expect(sized.capacity?.some((s) => s.resizeCandidate !== undefined)).toBe(false);
  });

  it("refuses early what Azure's vCPU quota cannot hold, and a VM size Azure does not offer", async () => {
    const big = await check('heart-ep', {
      candidate: {
        model: 'azureml:heart-classifier:2',
        instance_type: 'Standard_F72s_v2',
        instance_count: 4,
        request_settings: { max_concurrent_requests_per_instance: 8 },
      },
    });
    // ceil(1.2 x 4) x 72 = 360 vCPUs; the emulator's family limit is 300.
    expect(rulesOf(big.problems)).toEqual(['stages[0].kind:quota.cores']);
    expect(big.problems[0].message).toMatch(/needs 360 more standardFSv2Family vCPUs .* 300 left/);
    const odd = await check('heart-ep', {
      candidate: { model: 'azureml:heart-classifier:2', instance_type: 'Huge_VM' },
    });
    expect(rulesOf(odd.problems)).toEqual(['candidate.instance_type:instanceType.managed']);
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

  it("refuses a mirror stage on a Kubernetes endpoint with Azure's reason", async () => {
    const candidate = { model: 'azureml:heart-classifier:2', instance_type: 'defaultinstancetype' };
    const result = await check('heart-k8s', { candidate });
    expect(result.endpoint.computeType).toBe('Kubernetes');
    expect(rulesOf(result.problems)).toEqual(['stages[2].kind:mirror.kubernetes']);
    expect(result.problems[0].message).toBe("Mirroring isn't currently supported for Kubernetes online endpoints");
  });

  it('refuses a Kubernetes instance type the attached compute does not offer', async () => {
    const stages = STAGES.filter((s) => s.kind !== 'mirror');
    const offered = await check('heart-k8s', {
      stages,
      candidate: { model: 'azureml:heart-classifier:2', instance_type: 'cpu-large' },
    });
    expect(offered.problems).toEqual([]);
    const result = await check('heart-k8s', {
      stages,
      candidate: { model: 'azureml:heart-classifier:2', instance_type: 'gpu-huge' },
    });
    expect(rulesOf(result.problems)).toEqual(['candidate.instance_type:instanceType.kubernetes']);
    expect(result.problems[0].message).toMatch(/compute 'k8s-compute', which offers defaultinstancetype, cpu-large/);
  });

  it('takes a plan with a spec for a missing endpoint, or for an endpoint with no live deployment, as a first release', async () => {
    const stages: PlanInput['stages'] = [
      { kind: 'deploy' },
      { kind: 'validate', request: heartRequest(3) },
      { kind: 'promote' },
    ];
    const fresh = await check('fresh-ep', { endpointSpec: { name: 'fresh-ep', auth_mode: 'key' }, stages });
    expect(fresh).toMatchObject({
      problems: [],
      baseline: '',
      candidateName: 'blue',
      firstRelease: { createEndpoint: true },
    });
    const { resourceGroup: rg, workspace: ws } = env.target;
    const body = { location: 'eastus', properties: { authMode: 'Key' as const } };
    await env.emulator.arm.onlineEndpoints.beginCreateOrUpdateAndWait(rg, ws, 'idle-ep', body, env.emulator.lro);
    const idle = await check('idle-ep', { stages });
    expect(idle).toMatchObject({
      problems: [],
      baseline: '',
      candidateName: 'blue',
      firstRelease: { createEndpoint: false },
    });
    const k8s = { name: 'k8s-new-ep', compute: 'azureml:k8s-compute' };
    const candidate = { model: 'azureml:heart-classifier:2', instance_type: 'gpu-huge' };
    const wrongType = await check('k8s-new-ep', { endpointSpec: k8s, candidate, stages });
    expect(rulesOf(wrongType.problems)).toEqual(['candidate.instance_type:instanceType.kubernetes']);
    expect(wrongType.endpoint.computeType).toBe('Kubernetes');
    const canary = await check('idle-ep', {
      stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 10, bake: '1m' }, { kind: 'promote' }],
    });
    expect(rulesOf(canary.problems)).toEqual(['stages[1].kind:firstRelease.noCanary']);
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
