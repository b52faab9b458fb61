// compareDeployments and queryMetrics against the emulator's real scoring and Azure Monitor APIs: same inputs to
// both deployments, errors and agreement; live and mirrored requests counted per deployment; provider outages.
import { request } from 'undici';
import { TEST_METRICS_CLOCK } from '../../support/emulator';
import { candidate, useActivitiesEnv } from '../../support/activities-env';
import { HEART_FEATURES, heartRequest } from '../../support/heart-request';

const env = useActivitiesEnv({ provisioningMs: 50 });
const behave = (deployment: string, b: { errorRate?: number; flipRate?: number }) =>
  env.emulator.faults.setDeploymentBehaviour('heart-ep', deployment, b);

beforeAll(async () => {
  // green runs the same model as blue so every answer can agree; faults are injected per deployment.
  const model = 'azureml:heart-classifier:1';
  await env.activities.createDeployment({ target: env.target, name: 'green', candidate: candidate(model), model });
  behave('blue', { errorRate: 0 });
  behave('green', { errorRate: 0, flipRate: 0 });
});

const compare = (requests = 12) =>
  env.activities.compareDeployments({
    target: env.target,
    baseline: 'blue',
    candidate: 'green',
    requests,
    requestBodies: [heartRequest()],
  });

describe('compareDeployments', () => {
  it('sends the same inputs straight to both deployments and finds them agreeing', async () => {
    const result = await compare();
    expect(result).toMatchObject({
      agreement: 1,
      compared: 12,
      baseline: { requests: 12, errors: 0 },
      candidate: { requests: 12, errors: 0 },
    });
    expect(result.candidate.latencyP50Ms).toBeGreaterThan(0);
    expect(result.candidate.latencyP99Ms).toBeGreaterThanOrEqual(result.candidate.latencyP50Ms ?? 0);
  });

  it('counts a failing candidate as errors', async () => {
    behave('green', { errorRate: 1 });
    try {
      const result = await compare();
      expect(result).toMatchObject({ compared: 0, baseline: { errors: 0 }, candidate: { requests: 12, errors: 12 } });
    } finally {
      behave('green', { errorRate: 0 });
    }
  });

  it('measures disagreement of changed outputs', async () => {
    behave('green', { flipRate: 1 });
    try {
      await expect(compare()).resolves.toMatchObject({ agreement: 0, compared: 12 });
    } finally {
      behave('green', { flipRate: 0 });
    }
  });

  it('sends a request body given by the plan', async () => {
    const body = { input_data: { columns: ['age'], index: [0], data: [[50]] } }; // missing features: both refuse it
    await expect(
      env.activities.compareDeployments({
        target: env.target,
        baseline: 'blue',
        candidate: 'green',
        requests: 3,
        request: body,
      }),
    ).resolves.toMatchObject({ baseline: { errors: 3 }, candidate: { errors: 3 }, compared: 0 });
  });
});

async function sendLive(n: number): Promise<void> {
  const [ep, keys] = await Promise.all([
    env.azure.arm.onlineEndpoints.get(env.scope.resourceGroup, env.scope.workspace, 'heart-ep'),
    env.azure.arm.onlineEndpoints.listKeys(env.scope.resourceGroup, env.scope.workspace, 'heart-ep'),
  ]);
  const body = JSON.stringify({
    input_data: {
      columns: HEART_FEATURES,
      index: [0],
      data: [[60, 1, 4, 140, 260, 0, 1, 130, 1, 2.1, 2, 1, 7]],
    },
  });
  for (let i = 0; i < n; i++) {
    const res = await request(ep.properties.scoringUri as string, {
      method: 'POST',
      dispatcher: env.azure.scoringDispatcher,
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.primaryKey}` },
    });
    await res.body.dump();
  }
}

describe('queryMetrics', () => {
  // The accelerated test clock: 0.5 s grains read once they are 2 s old.
  const { grainMs, lagMs } = TEST_METRICS_CLOCK.service;
  const query = (start: number, end = Date.now(), candidateShare = 0.3) =>
    env.activities.queryMetrics({
      target: env.target,
      baseline: 'blue',
      candidate: 'green',
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      candidateShare,
    });
  /** Waits for the next grain boundary, so the previous tests' requests stay out of the read. */
  const nextGrain = async () => {
    const t = Math.ceil((Date.now() + 1) / grainMs) * grainMs;
    await new Promise((resolve) => setTimeout(resolve, t - Date.now() + 5));
    return t;
  };
  // Past the lag and the bounded wait: a trailing grain in which the candidate (30 %) drew no request is held back
  // for one more lag (settleGrains), so a shorter wait flakes when the last requests all went to blue.
  const afterLag = () => new Promise((resolve) => setTimeout(resolve, 2 * lagMs + grainMs + 100));
  const sum = (
    samples: { baseline: { requests: number }; candidate: { requests: number } }[],
    arm: 'baseline' | 'candidate',
  ) => samples.reduce((n, s) => n + s[arm].requests, 0);

  it('counts live requests and errors per deployment over whole grains, once they are older than the lag', async () => {
    await env.activities.setTraffic({ target: env.target, traffic: { blue: 70, green: 30 }, mirrorTraffic: {} });
    behave('green', { errorRate: 1 });
    const start = await nextGrain();
    await sendLive(40);
    const asked = Date.now();
    const early = await query(start, asked);
    expect(early.samples.every((x) => Date.parse(x.end) <= asked - lagMs)).toBe(true);
    await afterLag();
    const { samples } = await query(start);
    behave('green', { errorRate: 0 });
    expect(samples.every((s) => s.candidateShare === 0.3 && Date.parse(s.end) - Date.parse(s.start) === grainMs)).toBe(
      true,
    );
    expect(sum(samples, 'baseline') + sum(samples, 'candidate')).toBe(40);
    expect(sum(samples, 'candidate')).toBeGreaterThan(0);
    expect(samples.reduce((n, s) => n + s.candidate.errors, 0)).toBe(sum(samples, 'candidate'));
    expect(samples.reduce((n, s) => n + s.baseline.errors, 0)).toBe(0);
    expect(samples.some((s) => (s.baseline.latencyP99Ms ?? 0) > 0)).toBe(true);
  });

  it('returns one sample per grain up to the last grain older than the lag, zero counts where there was no traffic', async () => {
    const end = Date.now();
    const { samples } = await query(end - 150_000, end);
    expect(Date.parse(samples[0].start)).toBe(Math.ceil((end - 150_000) / grainMs) * grainMs);
    expect(Date.parse(samples[samples.length - 1].end)).toBeLessThanOrEqual(end - lagMs);
    expect(samples[0].baseline).toMatchObject({ requests: 0, errors: 0 });
    expect(sum(samples, 'baseline') + sum(samples, 'candidate')).toBeGreaterThanOrEqual(40);
  });

  it('counts mirrored copies for the shadow deployment', async () => {
    await env.activities.setTraffic({ target: env.target, traffic: { blue: 100 }, mirrorTraffic: { green: 50 } });
    const start = await nextGrain();
    await sendLive(30);
    await afterLag();
    const { samples } = await query(start, Date.now(), 0.5);
    expect(sum(samples, 'baseline')).toBe(30);
    expect(sum(samples, 'candidate')).toBeGreaterThan(0);
    expect(sum(samples, 'candidate')).toBeLessThanOrEqual(30);
  });

  it('returns zero counts, not an error, for a window with no data, and nothing before a grain is complete', async () => {
    const { samples, pending } = await query(Date.parse('2024-01-01T00:00:00Z'), Date.parse('2024-01-01T00:00:30Z'));
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((s) => s.baseline.requests === 0 && s.candidate.requests === 0 && !s.missing)).toBe(true);
    expect(pending).toBe(false);
    const now = Date.now();
    await expect(query(now - 1000, now)).resolves.toEqual({ samples: [], pending: false });
  });

  it('says when grains before the end of a bake are still waiting for the lag', async () => {
    const now = Date.now();
    const read = await env.activities.queryMetrics({
      target: env.target,
      baseline: 'blue',
      candidate: 'green',
      start: new Date(now - 5000).toISOString(),
      end: new Date(now).toISOString(),
      candidateShare: 0.5,
      dueBy: new Date(now).toISOString(),
    });
    expect(read.pending).toBe(true);
  });

  it('throws retryable MetricsUnavailable during a provider outage', async () => {
    env.emulator.faults.metricsOutage(true);
    try {
      await expect(query(Date.now() - 10_000)).rejects.toMatchObject({
        type: 'MetricsUnavailable',
        nonRetryable: false,
      });
    } finally {
      env.emulator.faults.metricsOutage(false);
    }
  });

  it('refuses a window that ends before it starts', async () => {
    await expect(query(Date.now(), Date.now() - 1000)).rejects.toMatchObject({
      type: 'MetricsUnavailable',
      nonRetryable: true,
    });
  });
});
