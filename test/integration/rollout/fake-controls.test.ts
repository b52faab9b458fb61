// Human controls on the real dev server with the Azure fake: approval gates (approve, reject, timeout), rollback
// by update in mirror, canary and the post-promotion watch, pause freezing a bake, promote skipping canary steps.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { FakeAzure } from '../../support/fake-azure';
import {
  startHarness,
  summary,
  testPlan,
  testTarget,
  waitForStatus,
  type Harness,
} from '../../support/rollout-harness';
import { recordHistory } from '../../support/histories';
import {
  approveUpdate,
  pauseUpdate,
  promoteUpdate,
  rejectUpdate,
  resumeUpdate,
  rollbackUpdate,
  statusQuery,
} from '../../../workflows/messages';
import type { Stage } from '../../../domain/plan';

let azure: FakeAzure;
let harness: Harness;

beforeEach(async () => {
  azure = new FakeAzure();
  harness = await startHarness(azure.activities(), testTarget());
});
afterEach(() => harness.close());

const sre = { actor: 'sam', reason: 'pager says so' };

/** A refused update: the validator's message is the failure's cause. */
async function refused(update: Promise<unknown>, message: RegExp): Promise<void> {
  await expect(update).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(update).rejects.toMatchObject({ cause: { message: expect.stringMatching(message) } });
}

describe('approval gates', () => {
  const plan = (onTimeout: 'approve' | 'reject' | 'pause', timeout = '1m') =>
    testPlan({
      stages: [
        { kind: 'deploy' },
        { kind: 'approval', name: 'go-live', approvers: ['alice', 'release-manager'], timeout, onTimeout },
        { kind: 'promote', watch: '1s' },
      ] as Stage[],
    });

  it('waits for an approval, refuses the wrong approver, and continues when approved', async () => {
    const handle = await harness.start(plan('reject'));
    const waiting = await waitForStatus(handle, (s) => s.state === 'AwaitingApproval');
    expect(waiting.awaiting).toMatchObject({ gate: 'go-live', approvers: ['alice', 'release-manager'] });
    await expect(handle.executeUpdate(approveUpdate, { args: [{ actor: 'mallory' }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    await refused(
      handle.executeUpdate(approveUpdate, { args: [{ actor: 'bob', gate: 'other' }] }),
      /not the waiting gate/,
    );
    const after = await handle.executeUpdate(approveUpdate, { args: [{ actor: 'bob', roles: ['release-manager'] }] });
    expect(after.events.at(-1)).toMatchObject({ type: 'approval.approved', actor: 'bob' });
    const status = await handle.result();
    expect(status.state).toBe('Succeeded');
    expect(azure.state().traffic).toEqual({ blue: 0, green: 100 });
    await recordHistory(handle, 'approval-approved');
  });

  it('rolls back when the gate is rejected', async () => {
    const handle = await harness.start(plan('approve'));
    await waitForStatus(handle, (s) => s.state === 'AwaitingApproval');
    await handle.executeUpdate(rejectUpdate, { args: [{ actor: 'alice', reason: 'not today' }] });
    const status = await handle.result();
    expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: 'not today' });
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
    expect(azure.deployments.green).toBeUndefined();
  });

  it.each([
    ['approve', 'Succeeded'],
    ['reject', 'RolledBack'],
  ] as const)('does what the plan says on timeout: %s', async (onTimeout, result) => {
    const handle = await harness.start(plan(onTimeout, '2s'));
    const status = await handle.result();
    expect(status.state).toBe(result);
    expect(status.events.map((e) => e.type)).toContain('approval.timedOut');
  });

  it('pauses on timeout when the plan says so, and an approval then continues', async () => {
    const handle = await harness.start(plan('pause', '1s'));
    const paused = await waitForStatus(handle, (s) => s.paused);
    expect(paused.state).toBe('AwaitingApproval');
    await handle.executeUpdate(approveUpdate, { args: [{ actor: 'alice' }] });
    expect((await handle.result()).state).toBe('Succeeded');
  });
});

describe('rollback by update', () => {
  const stages = [
    { kind: 'deploy' },
    { kind: 'mirror', percent: 10, duration: '30s' },
    { kind: 'canary', weight: 10, bake: '30s' },
    { kind: 'promote', watch: '30s' },
  ] as Stage[];

  it.each([
    ['Mirroring', (s: Stage[]) => s],
    ['Canary', (s: Stage[]) => s.filter((x) => x.kind !== 'mirror')],
    ['Watching', (s: Stage[]) => s.filter((x) => x.kind !== 'mirror' && x.kind !== 'canary')],
  ])('restores the baseline when asked during %s', async (state, pick) => {
    const handle = await harness.start(testPlan({ stages: pick(stages) }));
    await waitForStatus(handle, (s) => s.state === state);
    await refused(handle.executeUpdate(rollbackUpdate, { args: [{ actor: 'sam' }] }), /reason/);
    const returned = await handle.executeUpdate(rollbackUpdate, { args: [sre] });
    expect(returned.state).toBe('RollingBack');
    const status = await handle.result();
    expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: sre.reason });
    expect(status.events.find((e) => e.type === 'rollback.requested')).toMatchObject({ actor: 'sam' });
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
    if (state === 'Canary') await recordHistory(handle, 'rollback-by-update');
  });
});

describe('pause, resume and promote', () => {
  it('freezes a bake while paused and finishes its remaining time after resume', async () => {
    const handle = await harness.start(
      testPlan({ stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 10, bake: '3s' }] }),
    );
    await waitForStatus(handle, (s) => s.state === 'Canary');
    await handle.executeUpdate(pauseUpdate, { args: [{ actor: 'sam' }] });
    await refused(handle.executeUpdate(pauseUpdate, { args: [{ actor: 'sam' }] }), /already paused/);
    await new Promise((r) => setTimeout(r, 4_000));
    const frozen = await handle.query(statusQuery);
    expect(summary(frozen)).toMatchObject({ state: 'Canary', paused: true });
    const resumedAt = Date.now();
    await handle.executeUpdate(resumeUpdate, { args: [{ actor: 'sam' }] });
    const status = await handle.result();
    expect(status.state).toBe('Succeeded');
    expect(Date.now() - resumedAt).toBeGreaterThan(800);
    expect(status.events.map((e) => e.type)).toEqual(expect.arrayContaining(['paused', 'resumed']));
  });

  it('refuses promote outside a canary step and skips the remaining canary steps when promoted', async () => {
    const handle = await harness.start(
      testPlan({
        stages: [
          { kind: 'deploy' },
          { kind: 'canary', weight: 10, bake: '60s' },
          { kind: 'canary', weight: 50, bake: '60s' },
          { kind: 'promote', watch: '1s' },
        ],
      }),
    );
    await refused(handle.executeUpdate(resumeUpdate, { args: [{ actor: 'sam' }] }), /not paused/);
    await waitForStatus(handle, (s) => s.state === 'Canary');
    await refused(handle.executeUpdate(promoteUpdate, { args: [{ actor: 'rm' }] }), /reason/);
    await handle.executeUpdate(promoteUpdate, { args: [{ actor: 'rm', reason: 'hotfix' }] });
    const status = await handle.result();
    expect(status.state).toBe('Succeeded');
    expect(azure.trafficLog.map((t) => t.traffic)).not.toContainEqual({ blue: 50, green: 50 });
    expect(status.events.find((e) => e.type === 'stage.skipped')).toMatchObject({ actor: 'rm', reason: 'hotfix' });
    // A closed workflow takes no updates at all (the server answers not found).
    await expect(handle.executeUpdate(pauseUpdate, { args: [{ actor: 'sam' }] })).rejects.toThrow();
  });
});
