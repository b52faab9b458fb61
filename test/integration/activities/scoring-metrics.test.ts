// compareDeployments and queryMetrics against the emulator's real scoring and Azure Monitor APIs: same inputs to
// both deployments, errors and agreement; live and mirrored requests counted per deployment; provider outages.
import { request } from 'undici';
import { candidate, useActivitiesEnv } from '../../support/activities-env';

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
  env.activities.compareDeployments({ target: env.target, baseline: 'blue', candidate: 'green', requests });

describe('compareDeployments', () => {
  it('sends the same inputs straight to both deployments and finds them agreeing', async () => {
    const result = await compare();
    expect(result).toMatchObject({ agreement: 1, compared: 12, baseline: { requests: 12, errors: 0 }, candidate: { requests: 12, errors: 0 } });
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
      env.activities.compareDeployments({ target: env.target, baseline: 'blue', candidate: 'green', requests: 3, request: body }),
    ).resolves.toMatchObject({ baseline: { errors: 3 }, candidate: { errors: 3 }, compared: 0 });
  });
});

async function sendLive(n: number): Promise<void> {
  const [ep, keys] = await Promise.all([
    env.azure.arm.onlineEndpoints.get(env.scope.resourceGroup, env.scope.workspace, 'heart-ep'),
    env.azure.arm.onlineEndpoints.listKeys(env.scope.resourceGroup, env.scope.workspace, 'heart-ep'),
  ]);
  const body = JSON.stringify({ input_data: { columns: ['age', 'sex', 'cp', 'trestbps', 'chol', 'fbs', 'restecg', 'thalach', 'exang', 'oldpeak', 'slope', 'ca', 'thal'], index: [0], data: [[60, 1, 4, 140, 260, 0, 1, 130, 1, 2.1, 2, 1, 7]] } });
  for (let i = 0; i < n; i++) {
    const res = await request(ep.properties.scoringUri as string, {
      method: 'POST', dispatcher: env.azure.scoringDispatcher, body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.primaryKey}` },
    });
    await res.body.dump();
  }
}

describe('queryMetrics', () => {
  const query = (start: number, end = Date.now(), candidateShare = 0.3) =>
    env.activities.queryMetrics({ target: env.target, baseline: 'blue', candidate: 'green', start: new Date(start).toISOString(), end: new Date(end).toISOString(), candidateShare });

  it('counts live requests and errors per deployment over a short window (one FULL sample)', async () => {
    await env.activities.setTraffic({ target: env.target, traffic: { blue: 70, green: 30 }, mirrorTraffic: {} });
    behave('green', { errorRate: 1 });
    const start = Date.now();
    await sendLive(40);
    const samples = await query(start);
    behave('green', { errorRate: 0 });
    expect(samples).toHaveLength(1);
    const [s] = samples;
    expect(s.candidateShare).toBe(0.3);
    expect(s.baseline.requests + s.candidate.requests).toBe(40);
    expect(s.candidate.requests).toBeGreaterThan(0);
    expect(s.candidate.errors).toBe(s.candidate.requests);
    expect(s.baseline.errors).toBe(0);
    expect(s.baseline.latencyP99Ms).toBeGreaterThan(0);
  });

  it('returns one sample per minute for longer windows, with zero counts where there was no traffic', async () => {
    const end = Date.now();
    const samples = await query(end - 150_000, end);
    expect(samples).toHaveLength(3);
    expect(samples[0].baseline).toEqual({ requests: 0, errors: 0 });
    expect(samples.reduce((n, s) => n + s.baseline.requests + s.candidate.requests, 0)).toBeGreaterThanOrEqual(40);
  });

  it('counts mirrored copies for the shadow deployment', async () => {
    await env.activities.setTraffic({ target: env.target, traffic: { blue: 100 }, mirrorTraffic: { green: 50 } });
    const start = Date.now();
    await sendLive(30);
    await new Promise((resolve) => setTimeout(resolve, 300)); // mirrored copies are fire-and-forget
    const [s] = await query(start, Date.now(), 0.5);
    expect(s.baseline.requests).toBe(30);
    expect(s.candidate.requests).toBeGreaterThan(0);
    expect(s.candidate.requests).toBeLessThanOrEqual(30);
  });

  it('returns zero counts, not an error, for a window with no data', async () => {
    const [s] = await query(Date.parse('2024-01-01T00:00:00Z'), Date.parse('2024-01-01T00:00:30Z'));
    expect(s).toMatchObject({ baseline: { requests: 0, errors: 0 }, candidate: { requests: 0, errors: 0 } });
  });

  it('throws retryable MetricsUnavailable during a provider outage', async () => {
    env.emulator.faults.metricsOutage(true);
    try {
      await expect(query(Date.now() - 10_000)).rejects.toMatchObject({ type: 'MetricsUnavailable', nonRetryable: false });
    } finally {
      env.emulator.faults.metricsOutage(false);
    }
  });

  it('refuses a window that ends before it starts', async () => {
    await expect(query(Date.now(), Date.now() - 1000)).rejects.toMatchObject({ type: 'MetricsUnavailable', nonRetryable: true });
  });
});
