// Faults on the real dev server with the Azure fake: transient Azure errors retried, a failed operation ending in
// a clean rollback, a metrics outage pausing (never promoting), continue-as-new mid-bake, workflow cancellation.
import { FakeAzure } from '../../support/fake-azure';
import { startHarness, testPlan, testTarget, waitForStatus, type Harness } from '../../support/rollout-harness';
import { recordHistory } from '../../support/histories';
import { approveUpdate, resumeUpdate, statusQuery } from '../../../workflows/messages';
import type { Stage } from '../../../domain/plan';

let azure: FakeAzure;
let harness: Harness;

beforeEach(async () => {
  azure = new FakeAzure();
  harness = await startHarness(azure.activities(), testTarget());
});
afterEach(() => harness.close());

const short = [
  { kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '2s' }, { kind: 'promote', watch: '1s' },
] as Stage[];

describe('Azure faults', () => {
  it('retries throttling and unavailability on deploy and traffic changes, then succeeds', async () => {
    azure.fail('createDeployment', 'AzureThrottled', 2);
    azure.fail('setTraffic', 'AzureUnavailable', 2);
    azure.fail('setTraffic', 'AzureConflict', 1);
    const status = await (await harness.start(testPlan({ stages: short }))).result();
    expect(status.state).toBe('Succeeded');
    expect(azure.count('createDeployment')).toBe(3);
    expect(azure.state().traffic).toEqual({ blue: 0, green: 100 });
  });

  it('rolls back cleanly when the deployment operation ends Failed', async () => {
    azure.fail('createDeployment', 'AzureOperationFailed', 1, true);
    const status = await (await harness.start(testPlan({ stages: short }))).result();
    expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: expect.stringMatching(/AzureOperationFailed/) });
    expect(azure.count('createDeployment')).toBe(1);
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  });

  it('keeps retrying the rollback until the read-back matches', async () => {
    const plan = testPlan({ candidate: { model: 'azureml:heart:3' }, stages: short });
    const handle = await harness.start(plan);
    await waitForStatus(handle, (s) => s.state === 'Canary');
    azure.fail('setTraffic', 'TrafficVerificationFailed', 2, true);
    const status = await handle.result();
    expect(status.state).toBe('RolledBack');
    expect(status.events.filter((e) => e.type === 'rollback.retry')).toHaveLength(2);
    expect(status.events.find((e) => e.type === 'rollback.trafficBefore'))
      .toMatchObject({ details: { traffic: { blue: 80, green: 20 } } });
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
    await recordHistory(handle, 'bad-release-rollback');
  });
});

describe('a traffic state that cannot be restored', () => {
  it('ends Failed, loudly: event, error outcome and an alert notification', async () => {
    const plan = testPlan({
      candidate: { model: 'azureml:heart:3' }, stages: short,
      notifications: { webhookUrl: 'https://hooks.example/rollouts' },
    });
    const handle = await harness.start(plan, { restoreAttempts: 2 });
    await waitForStatus(handle, (s) => s.state === 'Canary');
    azure.fail('setTraffic', 'AzureRejected', 100, true);
    const status = await handle.result();
    expect(status.outcome).toMatchObject({ result: 'Failed', reason: expect.stringMatching(/could not restore blue/) });
    expect(status.events.map((e) => e.type)).toContain('rollback.failed');
    expect(azure.notifications.at(-1)).toMatchObject({ type: 'rollout.failed', alert: true, state: 'Failed' });
  });
});

describe('notifications', () => {
  it('notifies when an approval waits and when the rollout ends', async () => {
    const plan = testPlan({
      stages: [{ kind: 'deploy' }, { kind: 'approval', name: 'ship-it', timeout: '1m' }, { kind: 'promote', watch: '1s' }],
      notifications: { webhookUrl: 'https://hooks.example/rollouts' },
    });
    const handle = await harness.start(plan);
    await waitForStatus(handle, (s) => s.state === 'AwaitingApproval');
    expect(azure.notifications).toEqual([expect.objectContaining({ type: 'approval.awaiting', gate: 'ship-it' })]);
    await handle.executeUpdate(approveUpdate, { args: [{ actor: 'alice' }] });
    await handle.result();
    expect(azure.notifications.at(-1)).toMatchObject({ type: 'rollout.succeeded', outcome: { result: 'Succeeded' } });
  });
});

describe('metrics outage', () => {
  it('pauses past maxProviderErrors and never promotes without evidence', async () => {
    azure.metricsOutage = true;
    const handle = await harness.start(testPlan({ stages: short }));
    const paused = await waitForStatus(handle, (s) => s.paused, 20_000);
    expect(paused.state).toBe('Canary');
    expect(paused.events.filter((e) => e.type === 'metrics.unavailable')).toHaveLength(3);
    expect(paused.events.at(-1)).toMatchObject({ type: 'paused', actor: 'system' });
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await handle.query(statusQuery)).state).toBe('Canary');
    expect(azure.trafficLog.map((t) => t.traffic)).not.toContainEqual({ blue: 0, green: 100 });
    azure.metricsOutage = false;
    await handle.executeUpdate(resumeUpdate, { args: [{ actor: 'sam', reason: 'metrics are back' }] });
    expect((await handle.result()).state).toBe('Succeeded');
  });
});

describe('missing metrics', () => {
  it('never passes a bake on grains whose candidate data never arrived: inconclusive, event, pause', async () => {
    azure.metricsMissing = true;
    const handle = await harness.start(testPlan({ stages: short }));
    const paused = await waitForStatus(handle, (s) => s.paused, 20_000);
    expect(paused.state).toBe('Canary');
    expect(paused.events.some((e) => e.type === 'metrics.missing')).toBe(true);
    expect(paused.gates.filter((g) => g.stage === 'canary').every((g) => g.verdict.kind !== 'pass')).toBe(true);
    expect(paused.gates.at(-1)?.verdict).toMatchObject({ kind: 'inconclusive', rule: 'metrics.missing' });
    expect(azure.trafficLog.map((t) => t.traffic)).not.toContainEqual({ blue: 0, green: 100 });
    azure.metricsMissing = false;
    await handle.executeUpdate(resumeUpdate, { args: [{ actor: 'sam', reason: 'metrics are back' }] });
    expect((await handle.result()).state).toBe('Succeeded');
  });
});

describe('bounded history', () => {
  it('continues as new mid-bake, carrying state and bake progress, and ends correctly', async () => {
    const plan = testPlan({ stages: [
      { kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '6s' }, { kind: 'promote', watch: '1s' },
    ] });
    const handle = await harness.start(plan, { historyLimit: 40 });
    const status = await handle.result();
    expect(status.state).toBe('Succeeded');
    const carried = status.events.filter((e) => e.type === 'continuedAsNew');
    expect(carried.length).toBeGreaterThan(0);
    expect(status.events[0].type).toBe('rollout.started');
    const canaryPasses = status.gates.filter((g) => g.stage === 'canary' && g.verdict.kind === 'pass');
    expect(canaryPasses).toHaveLength(1);
    const canaryReads = status.gates.filter((g) => g.stage === 'canary');
    expect(canaryReads.length).toBeGreaterThanOrEqual(5);
    expect(canaryReads.length).toBeLessThanOrEqual(7);
    const first = await harness.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
    await recordHistory(first, 'continue-as-new-first-run');
  });
});

describe('workflow cancellation', () => {
  it('rolls back when the workflow is cancelled mid-canary', async () => {
    const handle = await harness.start(testPlan({ stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '60s' }] }));
    await waitForStatus(handle, (s) => s.state === 'Canary');
    await handle.cancel();
    const status = await handle.result();
    expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: 'workflow cancelled' });
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  });
});
