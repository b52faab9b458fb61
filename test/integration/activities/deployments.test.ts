// Deployment activities against the emulator through the real SDK: create, idempotency, waiting out an operation in
// progress, replacing a Failed deployment, scale, delete, heartbeats, cancellation, and injected faults.
import { MockActivityEnvironment } from '@temporalio/testing';
import { CancelledFailure } from '@temporalio/activity';
import { candidate, runInActivity, useActivitiesEnv } from '../../support/activities-env';

const env = useActivitiesEnv();

afterEach(() => {
  env.emulator.faults.clear();
  env.emulator.faults.setProvisioningMs(150);
});

const create = (name: string, model = 'azureml:heart-classifier:2', count = 1) =>
  env.activities.createDeployment({ target: env.target, name, candidate: candidate(model, count), model });

describe('createDeployment', () => {
  it('creates the deployment, heartbeating while the operation runs', async () => {
    const { result, heartbeats } = await runInActivity(() => create('green'));
    expect(result).toEqual({
      name: 'green',
      model: 'azureml:heart-classifier:2',
      instanceType: 'Standard_DS3_v2',
      instanceCount: 1,
      maxConcurrentRequestsPerInstance: 1,
      provisioningState: 'Succeeded',
    });
    expect(heartbeats.length).toBeGreaterThan(1);
    expect(heartbeats[0]).toMatchObject({ op: 'createDeployment', name: 'green' });
  });

  it('returns the existing deployment without a new PUT when called again', async () => {
    // Any PUT on green would now end Failed: the second call must not send one.
    env.emulator.faults.failNextOperation({ method: 'PUT', path: '/deployments/green$', code: 'OutOfQuota' });
    await expect(create('green')).resolves.toMatchObject({ name: 'green', provisioningState: 'Succeeded' });
  });

  it('waits for a deployment that is still being created', async () => {
    env.emulator.faults.setProvisioningMs(600);
    const body = {
      location: 'eastus',
      sku: { name: 'Default', capacity: 1 },
      properties: {
        endpointComputeType: 'Managed' as const,
        model: 'azureml:heart-classifier:2',
        instanceType: 'Standard_DS3_v2',
      },
    };
    await env.azure.arm.onlineDeployments.beginCreateOrUpdate(
      env.scope.resourceGroup,
      env.scope.workspace,
      'heart-ep',
      'teal',
      body,
    );
    const { result, heartbeats } = await runInActivity(() => create('teal'));
    expect(result.provisioningState).toBe('Succeeded');
    expect(heartbeats).toContainEqual(expect.objectContaining({ op: 'waitSettled', name: 'teal', state: 'Creating' }));
  });

  it('maps an operation ending Failed to AzureOperationFailed, then replaces the Failed deployment on retry', async () => {
    env.emulator.faults.failNextOperation({
      method: 'PUT',
      path: '/deployments/amber$',
      code: 'OutOfQuota',
      message: 'Not enough quota.',
    });
    await expect(create('amber')).rejects.toMatchObject({
      type: 'AzureOperationFailed',
      nonRetryable: true,
      details: [expect.objectContaining({ azureCode: 'OutOfQuota' })],
    });
    await expect(create('amber')).resolves.toMatchObject({ name: 'amber', provisioningState: 'Succeeded' });
  });

  it('maps an injected 429 to retryable AzureThrottled with the Retry-After delay', async () => {
    env.emulator.faults.throttle({ method: 'PUT', path: '/deployments/coral$', count: 1, retryAfterSeconds: 2 });
    await expect(create('coral')).rejects.toMatchObject({
      type: 'AzureThrottled',
      nonRetryable: false,
      nextRetryDelay: 2000,
    });
  });

  it('maps an injected 5xx to retryable AzureUnavailable', async () => {
    env.emulator.faults.serverErrors({ method: 'PUT', path: '/deployments/coral$', count: 1, status: 503 });
    await expect(create('coral')).rejects.toMatchObject({ type: 'AzureUnavailable', nonRetryable: false });
  });
});

describe('scaleDeployment', () => {
  it('scales and is a no-op when already at the count', async () => {
    const scale = () => env.activities.scaleDeployment({ target: env.target, name: 'green', instanceCount: 2 });
    await expect(scale()).resolves.toMatchObject({ name: 'green', instanceCount: 2, provisioningState: 'Succeeded' });
    env.emulator.faults.serverErrors({ method: 'PATCH', count: 1 });
    await expect(scale()).resolves.toMatchObject({ instanceCount: 2 });
  });

  it('answers NotFound for a missing deployment', async () => {
    await expect(
      env.activities.scaleDeployment({ target: env.target, name: 'nothere', instanceCount: 2 }),
    ).rejects.toMatchObject({
      type: 'NotFound',
      nonRetryable: true,
    });
  });
});

describe('deleteDeployment', () => {
  it('refuses a deployment holding live traffic', async () => {
    await expect(env.activities.deleteDeployment({ target: env.target, name: 'blue' })).rejects.toMatchObject({
      type: 'AzureRejected',
      nonRetryable: true,
    });
  });

  it('deletes, and treats a missing deployment as deleted', async () => {
    await env.activities.deleteDeployment({ target: env.target, name: 'amber' });
    const snapshot = await env.activities.getEndpoint({ target: env.target });
    expect(snapshot.deployments.map((d) => d.name)).not.toContain('amber');
    await expect(env.activities.deleteDeployment({ target: env.target, name: 'amber' })).resolves.toBeUndefined();
  });
});

describe('while another operation runs on the endpoint', () => {
  it('stops polling when the activity is cancelled, and a second change meets retryable AzureConflict', async () => {
    env.emulator.faults.setProvisioningMs(3_000);
    const activity = new MockActivityEnvironment();
    activity.on('heartbeat', () => activity.cancel());
    await expect(activity.run(() => create('slate'))).rejects.toBeInstanceOf(CancelledFailure);
    await expect(
      env.activities.scaleDeployment({ target: env.target, name: 'green', instanceCount: 3 }),
    ).rejects.toMatchObject({
      type: 'AzureConflict',
      nonRetryable: false,
    });
  });
});
