// Scoring data plane over HTTPS against the started emulator: auth, routing, mirroring, errors and records.
import { predict } from '../../../emulator/model/classifier';
import { seededRandom } from '../../../emulator/model/random';
import { defaultHeartModelVersions } from '../../../emulator/model/versions';
import { sampleHeartRow, sampleScoringBody } from '../../../emulator/traffic/heart-sampler';
import { useTestEmulator } from '../../support/emulator';
import {
  binomialInterval,
  createEndpoint,
  scoringClient,
  setTraffic,
  waitForQuiet,
} from '../../support/data-plane-setup';

const EP = 'dp-scoring';
const FAST = { latencyMs: { median: 1, p99: 3 }, errorRate: 0, flipRate: 0 };
const [v1, v2] = defaultHeartModelVersions();
const emu = useTestEmulator({ randomSeed: 11 });
let client: ReturnType<typeof scoringClient>;

beforeAll(async () => {
  await createEndpoint(emu, EP, [
    { name: 'blue', version: 1 },
    { name: 'green', version: 2 },
  ]);
  await setTraffic(emu, EP, { blue: 100 });
  emu.faults.setDeploymentBehaviour(EP, 'blue', FAST);
  emu.faults.setDeploymentBehaviour(EP, 'green', FAST);
  client = scoringClient(emu);
});
afterAll(async () => {
  await client?.close();
});

const bodies = (n: number, seed: number) => {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => sampleScoringBody(rng, 1));
};

describe('scoring', () => {
  it('answers one prediction per row with the serving deployment and request ids in the headers', async () => {
    const body = sampleScoringBody(seededRandom(1), 3);
    const res = await client.score(EP, body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(body.input_data.data.map((row) => predict(v1, row)));
    expect(res.headers['azureml-model-deployment']).toBe('blue');
    expect(res.headers['x-ms-run-function-failed']).toBe('False');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-ms-request-id']).toBe(res.headers['x-request-id']);
  });

  it('accepts the primary and secondary keys and refuses anything else with 401', async () => {
    const { keys } = emu.context.getEndpoint(EP)!;
    const body = sampleScoringBody(seededRandom(2));
    expect((await client.score(EP, body, { key: keys.secondaryKey })).status).toBe(200);
    expect((await client.score(EP, body, { key: 'wrong' })).status).toBe(401);
    expect((await client.score(EP, body, { key: null })).status).toBe(401);
    expect((await client.score(EP, body, { key: keys.primaryKey, deployment: 'green' })).status).toBe(200);
  });

  it('routes a header-targeted request to that deployment and 404s an unknown one', async () => {
    const body = sampleScoringBody(seededRandom(3), 2);
    const green = await client.score(EP, body, { deployment: 'green' });
    expect(green.deployment).toBe('green');
    expect(green.body).toEqual(body.input_data.data.map((row) => predict(v2, row)));
    const unknown = await client.score(EP, body, { deployment: 'red' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/red/);
  });

  it('says which feature is wrong, refuses malformed JSON with 400 and an oversize body with 413', async () => {
    const body = sampleScoringBody(seededRandom(4));
    const missing = {
      input_data: { ...body.input_data, columns: body.input_data.columns.map((c) => (c === 'thal' ? 'thall' : c)) },
    };
    const res = await client.score(EP, missing);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Missing feature column\(s\): thal/);
    const text = await client.score(EP, {
      input_data: { ...body.input_data, data: [[...body.input_data.data[0].slice(0, 12), 'x']] },
    });
    expect(text.body.error.message).toMatch(/"thal" in row 0 must be numeric/);
    expect((await client.score(EP, undefined, { raw: '{"input_data": ' })).status).toBe(400);
    const huge = sampleScoringBody(seededRandom(5), 40_000);
    const tooLarge = await client.score(EP, huge);
    expect(tooLarge.status).toBe(413);
  });

  it("404s with Azure's message when no deployment has positive weight, while the header still works", async () => {
    await setTraffic(emu, EP, { blue: 0, green: 0 });
    try {
      const res = await client.score(EP, sampleScoringBody(seededRandom(6)));
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("The endpoint doesn't have any valid deployment with positive weight.");
      expect((await client.score(EP, sampleScoringBody(seededRandom(6)), { deployment: 'blue' })).status).toBe(200);
    } finally {
      await setTraffic(emu, EP, { blue: 100 });
    }
  });

  it('answers 424 with the model error headers when the model fails', async () => {
    emu.faults.setDeploymentBehaviour(EP, 'green', { errorRate: 1 });
    try {
      const res = await client.score(EP, sampleScoringBody(seededRandom(7)), { deployment: 'green' });
      expect(res.status).toBe(424);
      expect(res.headers['ms-azureml-model-error-statuscode']).toBe('500');
      expect(res.headers['ms-azureml-model-error-reason']).toBeDefined();
      expect(res.headers['x-ms-run-function-failed']).toBe('True');
    } finally {
      emu.faults.setDeploymentBehaviour(EP, 'green', FAST);
    }
  });

  it('records every served request with time, deployment, live or mirrored, status and latency', async () => {
    const from = Date.now();
    await client.score(EP, sampleScoringBody(seededRandom(8)));
    await client.score(EP, { input_data: {} });
    const records = emu.context.requests(EP, from, Date.now() + 1);
    expect(records).toEqual([
      {
        at: expect.any(Number),
        endpoint: EP,
        deployment: 'blue',
        mirrored: false,
        status: 200,
        latencyMs: expect.any(Number),
      },
      { at: expect.any(Number), endpoint: EP, deployment: 'blue', mirrored: false, status: 400, latencyMs: 0 },
    ]);
    expect(records[0].latencyMs).toBeGreaterThan(0);
  });
});

describe('request settings', () => {
  const SLOW = 'dp-slow';
  beforeAll(async () => {
    await createEndpoint(emu, SLOW, [{ name: 'blue', version: 1, maxConcurrent: 1, requestTimeout: 'PT0.15S' }]);
    await setTraffic(emu, SLOW, { blue: 100 });
  });

  it('answers 408 when the model takes longer than requestTimeout', async () => {
    emu.faults.setDeploymentBehaviour(SLOW, 'blue', { latencyMs: { median: 400, p99: 401 }, errorRate: 0 });
    const started = Date.now();
    const res = await client.score(SLOW, sampleScoringBody(seededRandom(9)));
    expect(res.status).toBe(408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(emu.context.requests(SLOW, started, Date.now() + 1).at(-1)).toMatchObject({ status: 408, latencyMs: 150 });
  });

  it('answers 429 beyond 2 * maxConcurrentRequestsPerInstance * instanceCount requests in flight', async () => {
    emu.faults.setDeploymentBehaviour(SLOW, 'blue', { latencyMs: { median: 80, p99: 81 }, errorRate: 0 });
    const results = await Promise.all(bodies(5, 10).map((b) => client.score(SLOW, b)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 429, 429, 429]);
  });
});

describe('traffic split and mirroring (statistical)', () => {
  const N = 2000;

  it('sends a 10% split to green within the 99.9% binomial interval', async () => {
    await setTraffic(emu, EP, { blue: 90, green: 10 });
    const results = await client.scoreAll(EP, bodies(N, 20), 8);
    const green = results.filter((r) => r.deployment === 'green').length;
    const [lo, hi] = binomialInterval(N, 0.1);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(green).toBeGreaterThanOrEqual(lo);
    expect(green).toBeLessThanOrEqual(hi);
  });

  it('never mirrors header-targeted requests', async () => {
    await setTraffic(emu, EP, { blue: 100 }, { green: 50 });
    const from = Date.now();
    await client.scoreAll(EP, bodies(300, 21), 4, 'blue');
    await waitForQuiet(emu, EP);
    const records = emu.context.requests(EP, from, Date.now() + 1);
    expect(records).toHaveLength(300);
    expect(records.filter((r) => r.mirrored || r.deployment !== 'blue')).toEqual([]);
  });

  it('mirrors its share to green, records the copies, and leaves every caller answer to blue', async () => {
    await setTraffic(emu, EP, { blue: 100 }, { green: 20 });
    emu.faults.setDeploymentBehaviour(EP, 'green', { errorRate: 1 }); // a failing shadow must not leak to callers
    try {
      const from = Date.now();
      const input = bodies(N, 22);
      const results = await client.scoreAll(EP, input, 8);
      await waitForQuiet(emu, EP);
      expect(results.every((r) => r.status === 200 && r.deployment === 'blue')).toBe(true);
      expect(results.map((r) => r.body)).toEqual(input.map((b) => b.input_data.data.map((row) => predict(v1, row))));
      const records = emu.context.requests(EP, from, Date.now() + 1);
      const mirrored = records.filter((r) => r.mirrored);
      const [lo, hi] = binomialInterval(N, 0.2);
      expect(mirrored.length).toBeGreaterThanOrEqual(lo);
      expect(mirrored.length).toBeLessThanOrEqual(hi);
      expect(mirrored.every((r) => r.deployment === 'green' && r.status === 424)).toBe(true);
      expect(records.filter((r) => !r.mirrored)).toHaveLength(N);
    } finally {
      emu.faults.setDeploymentBehaviour(EP, 'green', FAST);
      await setTraffic(emu, EP, { blue: 100 });
    }
  });
});

it('the sampler draws rows the classifier can score', () => {
  expect(sampleHeartRow(seededRandom(1)).row).toHaveLength(13);
});
