// compareDeployments over the in-memory Azure: the same inputs to both deployments, errors and disagreements
// counted, latency percentiles; a deployment that does not exist answers every input with an error.
import { FAKE_TARGET, FakeAzure } from '../../support/fake-azure';

let azure: FakeAzure;
let acts: ReturnType<FakeAzure['activities']>;
beforeEach(() => {
  azure = new FakeAzure();
  acts = azure.activities();
});

async function deploy(model: string) {
  await acts.createDeployment({
    target: FAKE_TARGET,
    name: 'green',
    model,
    candidate: { model, instance_type: 'Standard_DS3_v2', instance_count: 1 },
  });
}
const BODIES = Array.from({ length: 7 }, (_, i) => ({ data: [[i, i + 1]] }));
const compare = (requests = 20, candidate = 'green') =>
  acts.compareDeployments({ target: FAKE_TARGET, baseline: 'blue', candidate, requests, requestBodies: BODIES });

describe('compareDeployments', () => {
  it('finds a candidate that answers like the baseline on most inputs', async () => {
    await deploy('azureml:heart:2');
    await expect(compare()).resolves.toEqual({
      baseline: { requests: 20, errors: 0, latencyP50Ms: 80, latencyP90Ms: 80, latencyP95Ms: 80, latencyP99Ms: 80 },
      candidate: { requests: 20, errors: 0, latencyP50Ms: 80, latencyP90Ms: 80, latencyP95Ms: 80, latencyP99Ms: 80 },
      agreement: 0.95,
      compared: 20,
    });
  });

  it('counts the errors of a failing candidate and compares only the inputs both answered', async () => {
    await deploy('azureml:heart:3');
    const result = await compare();
    expect(result.candidate).toMatchObject({ requests: 20, errors: 6, latencyP99Ms: 90 });
    expect(result.compared).toBe(14);
    expect(result.agreement).toBeCloseTo(13 / 14);
  });

  it('counts every input as an error for a deployment that does not exist', async () => {
    await expect(compare(5, 'teal')).resolves.toMatchObject({
      candidate: { requests: 5, errors: 5 },
      compared: 0,
      agreement: 0,
    });
  });

  it('answers non-retryable NotFound when the endpoint does not exist', async () => {
    await expect(
      acts.compareDeployments({
        target: { ...FAKE_TARGET, endpoint: 'nothere' },
        baseline: 'blue',
        candidate: 'green',
        requests: 1,
        requestBodies: BODIES,
      }),
    ).rejects.toMatchObject({ type: 'NotFound', nonRetryable: true });
  });
});
