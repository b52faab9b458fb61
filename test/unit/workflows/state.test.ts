import { planSchema } from '../../../domain/plan';
import type { Verdict } from '../../../domain/verdict';
import * as state from '../../../workflows/state';
import type { RunState } from '../../../workflows/state';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const alice = { actor: 'alice', reason: 'looks good', comment: 'dashboards green' };

function newRun(): RunState {
  const plan = planSchema.parse({
    endpoint: 'heart',
    baseline: 'blue',
    candidate: { name: 'green', model: 'azureml:heart:2' },
    stages: [{ kind: 'deploy' }],
  });
  const target = { subscriptionId: 's', resourceGroup: 'g', workspace: 'w', endpoint: 'heart' };
  return state.initialRun({ rolloutId: 'r1', target, plan, startedBy: 'ci' }, state.nowIso());
}

/** Runs `change` one second later and returns the time it ran at. */
function later(change: () => void): string {
  jest.setSystemTime(Date.now() + 1_000);
  change();
  return new Date().toISOString();
}

function awaitGo(run: RunState): ReturnType<typeof state.awaitGate> {
  return state.awaitGate(run, { gate: 'go', timeoutAt: '2026-01-02T00:00:00.000Z', approvers: ['alice'] }, 'ship?');
}

const lastEvent = (run: RunState) => run.status.events.at(-1);

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('run state transitions', () => {
  it('pause then resume leaves the state underneath as it was, with both controls in the event log', () => {
    const run = newRun();
    state.setState(run, 'Canary', 'canary');
    state.pause(run, state.byControl(alice));
    expect(run.status).toMatchObject({ state: 'Canary', stage: 'canary', paused: true });
    expect(lastEvent(run)).toMatchObject({
      type: 'paused',
      actor: 'alice',
      reason: 'looks good',
      details: { comment: 'dashboards green' },
    });
    state.resume(run, { actor: 'bob' });
    expect(run.status).toMatchObject({ state: 'Canary', stage: 'canary', paused: false });
    expect(lastEvent(run)).toEqual({ at: run.status.updatedAt, type: 'resumed', actor: 'bob' });
  });

  it('awaiting a gate overlays AwaitingApproval; closing it removes the gate and restores the state', () => {
    const run = newRun();
    state.setState(run, 'Canary', 'canary');
    const overlaid = awaitGo(run);
    expect(overlaid).toBe('Canary');
    expect(run.status).toMatchObject({ state: 'AwaitingApproval', stage: 'approval' });
    expect(run.status.awaiting).toEqual({
      gate: 'go',
      since: run.status.updatedAt,
      timeoutAt: '2026-01-02T00:00:00.000Z',
      approvers: ['alice'],
    });
    expect(lastEvent(run)).toMatchObject({ type: 'approval.awaiting', details: { gate: 'go', message: 'ship?' } });
    state.decide(run, 'approve', alice);
    expect(run.approval).toEqual({ decision: 'approve', control: alice });
    state.closeGate(run, overlaid);
    expect(run.status.awaiting).toBeUndefined();
    expect(run.approval).toBeUndefined();
    expect(run.status.state).toBe('Canary');
  });

  it('closing a gate without a state to restore leaves AwaitingApproval for the rollback to replace', () => {
    const run = newRun();
    awaitGo(run);
    state.closeGate(run);
    expect(run.status.state).toBe('AwaitingApproval');
    expect(run.status.awaiting).toBeUndefined();
  });

  it('a gate opened over AwaitingApproval restores Pending, never itself', () => {
    const run = newRun();
    awaitGo(run);
    expect(awaitGo(run)).toBe('Pending');
  });

  it('a decision on a gate its timeout paused ends the pause', () => {
    const run = newRun();
    awaitGo(run);
    state.pauseAtGate(run, { actor: 'system:timeout', reason: "approval gate 'go' timed out" });
    state.decide(run, 'reject', { actor: 'alice', reason: 'not today' });
    expect(run.status.paused).toBe(false);
    expect(run.status.events.slice(-2)).toMatchObject([
      { type: 'approval.rejected', actor: 'alice', reason: 'not today', details: { gate: 'go' } },
      { type: 'resumed', actor: 'alice', reason: 'not today' },
    ]);
  });

  it('an approval does not end a pause an SRE set', () => {
    const run = newRun();
    awaitGo(run);
    state.pause(run, { actor: 'sam', reason: 'incident elsewhere' });
    state.decide(run, 'approve', alice);
    expect(run.status.paused).toBe(true);
    expect(lastEvent(run)).toMatchObject({ type: 'approval.approved', actor: 'alice' });
  });

  it('an admin approval over the two-person rule is recorded as an override', () => {
    const run = newRun();
    state.awaitGate(run, { gate: 'go', timeoutAt: '', approvers: [], notBy: 'ci' });
    state.decide(run, 'approve', { actor: 'ci', roles: ['admin'], overrideTwoPersonRule: true });
    expect(lastEvent(run)).toMatchObject({
      type: 'approval.approved',
      actor: 'ci',
      details: { twoPersonOverride: true },
    });
  });

  it('a rollback counts its failed attempts, alerts once and records who abandons it', () => {
    const run = newRun();
    state.startRollback(run, { actor: 'system', reason: 'gate failed' });
    state.rollbackAttemptFailed(run, 'AzureConflict: busy');
    state.rollbackAttemptFailed(run, 'AzureConflict: still busy');
    state.markRollbackAlerted(run);
    state.requestAbandon(run, { actor: 'sam', roles: ['sre'], reason: 'ticket 42' });
    expect(run.status.rollback).toMatchObject({
      reason: 'gate failed',
      attempts: 2,
      lastError: 'AzureConflict: still busy',
      alertedAt: run.status.updatedAt,
    });
    expect(run.abandonRequest).toMatchObject({ actor: 'sam' });
    expect(run.status.events.slice(-2)).toMatchObject([
      { type: 'rollback.stuck', reason: 'AzureConflict: still busy', details: { attempts: 2 } },
      { type: 'rollback.abandonRequested', actor: 'sam', reason: 'ticket 42' },
    ]);
  });

  it('starting a rollback unpauses and drops the waiting gate', () => {
    const run = newRun();
    awaitGo(run);
    state.pause(run, { actor: 'alice' });
    state.startRollback(run, { actor: 'alice', reason: 'bad' });
    expect(run.status).toMatchObject({ state: 'RollingBack', paused: false });
    expect(run.status.awaiting).toBeUndefined();
    expect(lastEvent(run)).toMatchObject({ type: 'rollback.started', actor: 'alice', reason: 'bad' });
  });

  it('finish sets the outcome, ends any pause and closes the gate', () => {
    const run = newRun();
    awaitGo(run);
    state.pause(run, { actor: 'alice' });
    const at = later(() => state.finish(run, 'RolledBack', 'rejected'));
    expect(run.status.outcome).toEqual({ result: 'RolledBack', reason: 'rejected', at });
    expect(run.status).toMatchObject({ state: 'RolledBack', paused: false });
    expect(run.status.awaiting).toBeUndefined();
  });

  it('a rollback or promote request is recorded with its control', () => {
    const run = newRun();
    state.requestPromote(run, alice);
    state.requestRollback(run, { actor: 'sam', reason: 'pager' });
    expect(run.promoteRequest).toEqual(alice);
    expect(run.rollbackRequest).toEqual({ actor: 'sam', reason: 'pager' });
    expect(run.status.state).toBe('RollingBack');
    expect(run.status.events.slice(-2).map((e) => e.type)).toEqual(['promote.requested', 'rollback.requested']);
  });

  it('the plan check resolves names, model and traffic; a deleted deployment leaves both maps', () => {
    const run = newRun();
    state.markPlanChecked(
      run,
      { baseline: 'blue', candidate: 'green', model: 'azureml:heart:7' },
      { traffic: { blue: 100 }, mirrorTraffic: { blue: 0 } },
    );
    expect(run.planChecked).toBe(true);
    expect(run.status).toMatchObject({ baseline: 'blue', candidate: 'green', model: 'azureml:heart:7' });
    state.dropDeployment(run, 'blue');
    expect(run.status).toMatchObject({ traffic: {}, mirrorTraffic: {} });
  });

  const pass: Verdict = { kind: 'pass', rule: 'r', reasons: [], evidence: {} };
  const progress = { stageIndex: 1, remainingMs: 1, cursor: '', providerErrors: 0 };
  it.each<[string, (run: RunState) => void]>([
    ['addEvent', (run) => state.addEvent(run, { type: 'x', actor: 'system' })],
    ['setState', (run) => state.setState(run, 'Canary', 'canary')],
    ['setTrafficState', (run) => state.setTrafficState(run, { traffic: { blue: 100 }, mirrorTraffic: {} })],
    ['setStageIndex', (run) => state.setStageIndex(run, 2)],
    ['recordGate', (run) => state.recordGate(run, 1, 'canary', pass)],
    ['pause', (run) => state.pause(run, { actor: 'alice' })],
    ['resume', (run) => state.resume(run, { actor: 'alice' })],
    ['requestRollback', (run) => state.requestRollback(run, alice)],
    ['requestPromote', (run) => state.requestPromote(run, alice)],
    ['decide', (run) => state.decide(run, 'approve', alice)],
    ['awaitGate', (run) => awaitGo(run)],
    ['closeGate', (run) => state.closeGate(run, 'Canary')],
    ['startRollback', (run) => state.startRollback(run, { actor: 'alice' })],
    ['markPlanChecked', (run) => state.markPlanChecked(run, run.status, { traffic: {}, mirrorTraffic: {} })],
    ['markCandidateCreated', (run) => state.markCandidateCreated(run)],
    ['markBaselineDeleted', (run) => state.markBaselineDeleted(run)],
    ['dropDeployment', (run) => state.dropDeployment(run, 'blue')],
    ['setBake', (run) => state.setBake(run, { ...progress })],
    ['finish', (run) => state.finish(run, 'Succeeded', 'every stage passed')],
  ])('%s updates updatedAt', (_name, transition) => {
    const run = newRun();
    expect(run.status.updatedAt).toBe(new Date(T0).toISOString());
    const at = later(() => transition(run));
    expect(run.status.updatedAt).toBe(at);
  });

  it('keeps the state plain JSON', () => {
    const run = newRun();
    awaitGo(run);
    state.decide(run, 'approve', alice);
    state.setBake(run, { ...progress });
    expect(JSON.parse(JSON.stringify(run))).toEqual(run);
  });
});

describe('window holds', () => {
  const hold = {
    ruleId: 'freeze',
    effect: 'deny' as const,
    reason: 'quarter end',
    opensAt: '2026-01-02T00:00:00.000Z',
    stage: 'canary' as const,
    stageIndex: 2,
  };

  it('records a hold once, again when its rule or opening changes, and keeps when it began', () => {
    const run = newRun();
    expect(state.holdAtWindow(run, hold)).toBe(true);
    const since = run.status.window?.since;
    expect(later(() => expect(state.holdAtWindow(run, hold)).toBe(false))).not.toBe(since);
    expect(state.holdAtWindow(run, { ...hold, opensAt: '2026-01-03T00:00:00.000Z' })).toBe(true);
    expect(run.status.window).toMatchObject({ since, opensAt: '2026-01-03T00:00:00.000Z' });
    expect(run.status.events.filter((e) => e.type === 'window-hold')).toHaveLength(2);
    expect(lastEvent(run)).toMatchObject({ actor: 'system', reason: 'quarter end', details: { ruleId: 'freeze' } });
  });

  it('releases a hold as the system, or as the admin who overrode it', () => {
    const run = newRun();
    state.holdAtWindow(run, hold);
    state.overrideWindow(run, { actor: 'ada', reason: 'CAB approved', roles: ['admin'] });
    expect(lastEvent(run)).toMatchObject({
      type: 'window-override',
      actor: 'ada',
      reason: 'CAB approved',
      details: { ruleId: 'freeze' },
    });
    state.releaseWindow(run);
    expect(run.status.window).toBeUndefined();
    expect(lastEvent(run)).toMatchObject({ type: 'window-open', actor: 'ada', details: { overridden: true } });
  });

  it('drops the hold when a rollback starts', () => {
    const run = newRun();
    state.holdAtWindow(run, hold);
    state.startRollback(run, { actor: 'sam', reason: 'pager' });
    expect(run.status.window).toBeUndefined();
  });
});
