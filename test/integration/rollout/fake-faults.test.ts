// Faults on the real dev server with the Azure fake: transient Azure errors retried, a failed operation ending in
// a clean rollback, a metrics outage pausing (never promoting), continue-as-new mid-bake, workflow cancellation.
import { FakeAzure } from '../../support/fake-azure';
import { startHarness, testPlan, testTarget, waitForStatus, type Harness } from '../../support/rollout-harness';
import { recordHistory } from '../../support/histories';
import { approveUpdate, resumeUpdate, rollbackUpdate, statusQuery } from '../../../workflows/messages';
import type { Stage } from '../../../domain/plan';
import type { RolloutStatus } from '../../../domain/status';

let azure: FakeAzure;
let harness: Harness;
/**
 * Heartbeats sent within 100 ms (as e2e-controls runs): a cancellation reaches a held activity at its next heartbeat,
 * not up to 24 s later (the default throttle is 80% of the deploy profile's 30 s heartbeat timeout).
 */
const QUICK_HEARTBEATS = { defaultHeartbeatThrottleInterval: '100ms', maxHeartbeatThrottleInterval: '100ms' } as const;

beforeEach(async () => {
  azure = new FakeAzure();
  await azure.addChannel('ops');
  harness = await startHarness(azure.activities(), testTarget(), { workerExtra: QUICK_HEARTBEATS });
});
afterEach(() => harness.close());

const short = [
  { kind: 'deploy' },
  { kind: 'canary', weight: 20, bake: '2s' },
  { kind: 'promote', watch: '1s' },
] as Stage[];

describe('Azure faults', () => {
  it('retries throttling and unavailability on deploy and traffic changes, then succeeds', async () => {
    azure.fail('deployments.create', 'AzureThrottled', 2);
    azure.fail('endpoints.putTraffic', 'AzureUnavailable', 2);
    azure.fail('endpoints.putTraffic', 'AzureConflict', 1);
    const status = await (await harness.start(testPlan({ stages: short }))).result();
    expect(status.state).toBe('Succeeded');
    expect(azure.count('deployments.create')).toBe(3);
    expect(azure.state().traffic).toEqual({ blue: 0, green: 100 });
  });

  it('rolls back cleanly when the deployment operation ends Failed', async () => {
    azure.fail('deployments.create', 'AzureOperationFailed', 1);
    const status = await (await harness.start(testPlan({ stages: short }))).result();
    expect(status.outcome).toMatchObject({
      result: 'RolledBack',
      reason: expect.stringMatching(/AzureOperationFailed/),
    });
    expect(azure.count('deployments.create')).toBe(1);
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  });

  it('keeps retrying the rollback until the read-back matches', async () => {
    const plan = testPlan({ candidate: { model: 'azureml:heart:3' }, stages: short });
    const handle = await harness.start(plan);
    await waitForStatus(handle, (s) => s.state === 'Canary');
    // The restore activity itself tries 3 times (a read-back mismatch is retryable): 6 misses fail two attempts.
    azure.fail('endpoints.putTraffic', 'TrafficVerificationFailed', 6);
    const status = await handle.result();
    expect(status.state).toBe('RolledBack');
    expect(status.events.filter((e) => e.type === 'rollback.retry')).toHaveLength(2);
    expect(status.events.find((e) => e.type === 'rollback.trafficBefore')).toMatchObject({
      details: { traffic: { blue: 80, green: 20 } },
    });
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
    await recordHistory(handle, 'bad-release-rollback');
  });
});

describe('a rollback that cannot restore traffic', () => {
  const notifications = { channels: ['ops'] };
  const slow = [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '60s' }] as Stage[];

  it('ends Failed at once when the baseline was deleted by someone else, with the traffic read back', async () => {
    const handle = await harness.start(testPlan({ stages: slow, notifications }));
    await waitForStatus(handle, (s) => s.state === 'Canary');
    // Gone from Azure: the endpoint PUT that restores it is refused (400) and the rollback reads why.
    delete azure.deployments.blue;
    await handle.executeUpdate(rollbackUpdate, { args: [{ actor: 'sam', reason: 'bad dashboards' }] });
    const status = await handle.result();
    expect(status.outcome).toMatchObject({
      result: 'Failed',
      reason: expect.stringMatching(/baseline blue was deleted/),
    });
    expect(status.rollback).toMatchObject({ attempts: 0 });
    expect(status.events.find((e) => e.type === 'rollback.failed')).toMatchObject({
      details: { actual: { traffic: { blue: 80, green: 20 } } },
    });
    expect(azure.notifications.at(-1)).toMatchObject({ trigger: 'failed', state: 'Failed' });
  });

  it('keeps retrying past the old budget, alerts once when stuck, and ends RolledBack when Azure recovers', async () => {
    const backoff = { initialMs: 100, maxMs: 200, alertAfterMs: 500 };
    const handle = await harness.start(testPlan({ stages: slow, notifications }), { rollbackBackoff: backoff });
    await waitForStatus(handle, (s) => s.state === 'Canary');
    // Each attempt is up to 3 activity tries: 40 failures outlast the old budget of 10 attempts.
    azure.fail('endpoints.putTraffic', 'AzureConflict', 40);
    await handle.executeUpdate(rollbackUpdate, { args: [{ actor: 'sam', reason: 'bad dashboards' }] });
    const stuck = await waitForStatus(handle, (s) => (s.rollback?.attempts ?? 0) > 10, 60_000);
    expect(stuck).toMatchObject({
      state: 'RollingBack',
      rollback: { lastError: expect.stringMatching(/AzureConflict/) },
    });
    const status = await handle.result();
    expect(status.outcome).toMatchObject({ result: 'RolledBack' });
    expect(status.events.filter((e) => e.type === 'rollback.stuck')).toHaveLength(1);
    expect(azure.notifications.filter((n) => n.trigger === 'rollback.stuck')).toEqual([
      expect.objectContaining({ state: 'RollingBack', evidence: expect.stringMatching(/AzureConflict/) }),
    ]);
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  }, 90_000);

  it('continues as new between attempts when history grows; the next run resumes the restore', async () => {
    const backoff = { initialMs: 100, maxMs: 100, alertAfterMs: 600_000 };
    const handle = await harness.start(testPlan({ stages: slow }), { rollbackBackoff: backoff, historyLimit: 150 });
    await waitForStatus(handle, (s) => s.state === 'Canary');
    azure.fail('endpoints.putTraffic', 'AzureConflict', 36);
    await handle.executeUpdate(rollbackUpdate, { args: [{ actor: 'sam', reason: 'bad dashboards' }] });
    const status = (await harness.client.workflow.getHandle(handle.workflowId).result()) as RolloutStatus;
    expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: 'bad dashboards' });
    const types = status.events.map((e) => e.type);
    expect(types.filter((t) => t === 'rollback.started')).toHaveLength(1);
    expect(types.slice(types.indexOf('rollback.started'))).toContain('continuedAsNew');
    expect(status.rollback).toMatchObject({ attempts: 12, reason: 'bad dashboards' });
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  }, 120_000);
});

describe('notifications', () => {
  it('notifies when an approval waits and when the rollout ends', async () => {
    const plan = testPlan({
      stages: [
        { kind: 'deploy' },
        { kind: 'approval', name: 'ship-it', timeout: '1m' },
        { kind: 'promote', watch: '1s' },
      ],
      notifications: { channels: ['ops'] },
    });
    const handle = await harness.start(plan);
    await waitForStatus(handle, (s) => s.state === 'AwaitingApproval');
    await waitFor(() => azure.notifications.length > 0, 10_000);
    expect(azure.notifications).toEqual([
      expect.objectContaining({ trigger: 'approval.awaiting', evidence: "approval gate 'ship-it' waits" }),
    ]);
    await handle.executeUpdate(approveUpdate, { args: [{ actor: 'alice' }] });
    await handle.result();
    expect(azure.notifications.at(-1)).toMatchObject({ trigger: 'succeeded', evidence: 'every stage passed' });
  });
});

describe('metrics outage', () => {
  it('pauses past maxProviderErrors and never promotes without evidence', async () => {
    azure.metricsOutage = true;
    const handle = await harness.start(testPlan({ stages: short, notifications: { channels: ['ops'] } }));
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
    expect(azure.notifications.map((n) => [n.trigger, n.cause])).toEqual([
      ['paused', 'metrics-outage'],
      ['succeeded', undefined],
    ]);
  });
});

describe('missing metrics', () => {
  it('never passes a bake on grains whose candidate data never arrived: inconclusive, event, pause', async () => {
    azure.metricsMissing = true;
    const handle = await harness.start(testPlan({ stages: short, notifications: { channels: ['ops'] } }));
    const paused = await waitForStatus(handle, (s) => s.paused, 20_000);
    expect(paused.state).toBe('Canary');
    expect(paused.events.some((e) => e.type === 'metrics.missing')).toBe(true);
    expect(paused.gates.filter((g) => g.stage === 'canary').every((g) => g.verdict.kind !== 'pass')).toBe(true);
    expect(paused.gates.at(-1)?.verdict).toMatchObject({ kind: 'inconclusive', rule: 'metrics.missing' });
    expect(azure.trafficLog.map((t) => t.traffic)).not.toContainEqual({ blue: 0, green: 100 });
    azure.metricsMissing = false;
    await handle.executeUpdate(resumeUpdate, { args: [{ actor: 'sam', reason: 'metrics are back' }] });
    expect((await handle.result()).state).toBe('Succeeded');
    expect(azure.notifications.find((n) => n.trigger === 'paused')).toMatchObject({ cause: 'inconclusive-gate' });
  });
});

describe('bounded history', () => {
  it('continues as new mid-bake, carrying state and bake progress, and ends correctly', async () => {
    const plan = testPlan({
      stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '6s' }, { kind: 'promote', watch: '1s' }],
    });
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
    const handle = await harness.start(
      testPlan({ stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '60s' }] }),
    );
    await waitForStatus(handle, (s) => s.state === 'Canary');
    await handle.cancel();
    const status = await handle.result();
    expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: 'workflow cancelled' });
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  });

  it('records a cancellation during a gate read as the cancellation, not as a metrics outage', async () => {
    const handle = await harness.start(
      testPlan({ stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '60s' }] }),
    );
    await waitForStatus(handle, (s) => s.state === 'Canary' && s.gates.length > 0);
    azure.hold('metrics.query');
    const reads = azure.count('metrics.query');
    await waitFor(() => azure.count('metrics.query') > reads);
    await handle.cancel();
    const status = await handle.result();
    expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: 'workflow cancelled' });
    expect(status.events.map((e) => e.type)).not.toContain('metrics.unavailable');
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  });

  it('records a cancellation during the baseline delete as the cancellation, not as a failed or done delete', async () => {
    const stages = [{ kind: 'deploy' }, { kind: 'promote', watch: '1s' }, { kind: 'cleanup', delay: '0s' }] as Stage[];
    const handle = await harness.start(testPlan({ stages }));
    azure.hold('deployments.delete');
    await waitFor(() => azure.count('deployments.delete') > 0);
    await handle.cancel();
    const status = await handle.result();
    expect(status.outcome).toMatchObject({
      result: 'Failed',
      reason: 'workflow cancelled during the deletion of the baseline blue: no rollback possible',
    });
    const types = status.events.map((e) => e.type);
    expect(types).toContain('rollback.impossible');
    expect(types).not.toEqual(expect.arrayContaining(['baseline.deleteFailed']));
    expect(types).not.toContain('baseline.deleted');
    expect(status.events.find((e) => e.type === 'rollback.impossible')).toMatchObject({
      details: { actual: { traffic: { green: 100 } } },
    });
  });
});

async function waitFor(done: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !done(); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > deadline) throw new Error('timed out');
  }
}
