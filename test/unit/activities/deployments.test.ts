// Deployment activities over the in-memory Azure: idempotent create, waiting out an operation in progress,
// replacing a Failed deployment, scale, delete, and Azure's errors mapped to failure types.
import { MockActivityEnvironment } from '@temporalio/testing';
import { FAKE_TARGET, FakeAzure } from '../../support/fake-azure';

let azure: FakeAzure;
let acts: ReturnType<FakeAzure['activities']>;
beforeEach(() => {
  azure = new FakeAzure();
  acts = azure.activities();
});

const candidate = (instanceCount = 1) => ({
  instance_type: 'Standard_DS3_v2',
  instance_count: instanceCount,
  model: 'azureml:heart:2',
});
/** An operation already running on the endpoint, started straight through the port. */
const running = (name: string) =>
  azure.ports().deployments.create(
    FAKE_TARGET,
    name,
    {
      candidate: candidate(),
      model: 'azureml:heart:2',
      location: 'eastus',
      computeType: 'Managed',
    },
    { heartbeat: () => undefined, signal: undefined, sleep: async () => undefined },
  );
const create = (name: string, model = 'azureml:heart:2', instanceCount = 1) =>
  acts.createDeployment({ target: FAKE_TARGET, name, model, candidate: { ...candidate(instanceCount), model } });

describe('createDeployment', () => {
  it('creates the deployment and heartbeats when its operation ends', async () => {
    const heartbeats: unknown[] = [];
    const env = new MockActivityEnvironment();
    env.on('heartbeat', (d: unknown) => heartbeats.push(d));
    await expect(env.run(() => create('green'))).resolves.toEqual({
      name: 'green',
      model: 'azureml:heart:2',
      instanceType: 'Standard_DS3_v2',
      instanceCount: 1,
      maxConcurrentRequestsPerInstance: 1,
      provisioningState: 'Succeeded',
    });
    expect(heartbeats).toContainEqual(expect.objectContaining({ op: 'createDeployment', name: 'green', done: true }));
  });

  it('returns an existing deployment of the same model and size without a new PUT', async () => {
    await create('green');
    azure.fail('deployments.create', 'AzureOperationFailed'); // a PUT now would end Failed
    await expect(create('green')).resolves.toMatchObject({ name: 'green', provisioningState: 'Succeeded' });
    expect(azure.count('deployments.create')).toBe(1);
  });

  it.each([
    ['another model', 'azureml:heart:3', 1],
    ['another instance count', 'azureml:heart:2', 2],
  ])('updates an existing deployment of %s with a new PUT', async (_what, model, instanceCount) => {
    await create('green');
    await expect(create('green', model, instanceCount)).resolves.toMatchObject({
      model,
      instanceCount,
      provisioningState: 'Succeeded',
    });
    expect(azure.count('deployments.create')).toBe(2);
  });

  it('waits out an operation in progress on the same deployment instead of sending another', async () => {
    azure.operationMs = 50;
    const teal = running('teal');
    expect(azure.deployments.teal.provisioningState).toBe('Creating');
    await expect(create('teal')).resolves.toMatchObject({ name: 'teal', provisioningState: 'Succeeded' });
    await teal;
    expect(azure.count('deployments.create')).toBe(1);
  });

  it('maps an operation ending Failed to AzureOperationFailed, then replaces the Failed deployment', async () => {
    azure.fail('deployments.create', 'AzureOperationFailed');
    await expect(create('amber')).rejects.toMatchObject({
      type: 'AzureOperationFailed',
      nonRetryable: true,
      details: [expect.objectContaining({ azureCode: 'InternalServerError' })],
    });
    expect(azure.deployments.amber.provisioningState).toBe('Failed');
    await expect(create('amber')).resolves.toMatchObject({ name: 'amber', provisioningState: 'Succeeded' });
  });

  it.each([
    ['AzureThrottled', 'AzureThrottled'],
    ['AzureUnavailable', 'AzureUnavailable'],
    ['AzureConflict', 'AzureConflict'],
  ] as const)('maps an injected %s answer to retryable %s', async (fault, type) => {
    azure.fail('deployments.create', fault);
    await expect(create('coral')).rejects.toMatchObject({ type, nonRetryable: false });
  });

  it('refuses a model Azure does not know with non-retryable AzureRejected', async () => {
    await expect(create('coral', 'azureml:heart:9')).rejects.toMatchObject({
      type: 'AzureRejected',
      nonRetryable: true,
    });
  });
});

describe('while another operation runs on the endpoint', () => {
  it('a second change meets retryable AzureConflict', async () => {
    azure.operationMs = 50;
    const first = running('slate');
    await expect(acts.scaleDeployment({ target: FAKE_TARGET, name: 'blue', instanceCount: 3 })).rejects.toMatchObject({
      type: 'AzureConflict',
      nonRetryable: false,
    });
    await first;
  });
});

describe('scaleDeployment', () => {
  const scale = (name: string, instanceCount: number) =>
    acts.scaleDeployment({ target: FAKE_TARGET, name, instanceCount });

  it('scales, and sends nothing when the deployment is already at the count', async () => {
    await expect(scale('blue', 2)).resolves.toMatchObject({
      name: 'blue',
      instanceCount: 2,
      provisioningState: 'Succeeded',
    });
    azure.fail('deployments.scale', 'AzureUnavailable');
    await expect(scale('blue', 2)).resolves.toMatchObject({ instanceCount: 2 });
    expect(azure.count('deployments.scale')).toBe(1);
  });

  it('answers non-retryable NotFound for a missing deployment', async () => {
    await expect(scale('nothere', 2)).rejects.toMatchObject({ type: 'NotFound', nonRetryable: true });
  });
});

describe('deleteDeployment', () => {
  const remove = (name: string) => acts.deleteDeployment({ target: FAKE_TARGET, name });

  it('refuses a deployment with live or mirrored traffic before asking Azure', async () => {
    await expect(remove('blue')).rejects.toMatchObject({ type: 'AzureRejected', nonRetryable: true });
    await create('green');
    await acts.setTraffic({ target: FAKE_TARGET, traffic: { blue: 100 }, mirrorTraffic: { green: 10 } });
    await expect(remove('green')).rejects.toMatchObject({
      type: 'AzureRejected',
      details: [{ mirrorTraffic: { green: 10 } }],
    });
    expect(azure.count('deployments.delete')).toBe(0);
  });

  it('deletes, drops the deployment from the maps, and treats a missing deployment as deleted', async () => {
    await create('green');
    await acts.setTraffic({ target: FAKE_TARGET, traffic: { blue: 0, green: 100 }, mirrorTraffic: {} });
    await remove('blue');
    expect(Object.keys(azure.deployments)).toEqual(['green']);
    expect(azure.state()).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });
    await expect(remove('blue')).resolves.toBeUndefined();
    expect(azure.count('deployments.delete')).toBe(1);
  });
});
