import { refusal, type ControlKind } from '../../../workflows/control-rules';
import type { RunState } from '../../../workflows/state';
import type { RolloutState } from '../../../domain/status';

function run(state: RolloutState, extra: Partial<RunState> = {}, paused = false, awaiting = false): RunState {
  const approvers = ['alice', 'release-manager'];
  return {
    status: {
      rolloutId: 'r',
      target: { subscriptionId: 's', resourceGroup: 'g', workspace: 'w', endpoint: 'e' },
      state,
      paused,
      stageIndex: 0,
      baseline: 'blue',
      candidate: 'green',
      model: 'azureml:m:2',
      traffic: {},
      mirrorTraffic: {},
      gates: [],
      events: [],
      startedAt: '',
      updatedAt: '',
      ...(awaiting ? { awaiting: { gate: 'go', since: '', timeoutAt: '', approvers, notBy: 'rita' } } : {}),
    },
    planChecked: true,
    candidateCreated: true,
    baselineDeleted: false,
    ...extra,
  };
}

const alice = { actor: 'alice', reason: 'because' };
const rita = { actor: 'rita', roles: ['release-manager'] };
const rollingBack = (extra: Partial<RunState> = {}) => {
  const state = run('RollingBack', extra);
  state.status.rollback = { reason: 'gate failed', actor: 'system', since: '', attempts: 3 };
  return state;
};
const sre = { actor: 'sam', roles: ['sre'], reason: 'ARM ticket' };
const admin = { actor: 'ada', roles: ['admin'] };

describe('refusal', () => {
  it.each<[string, ControlKind, RunState, object, RegExp | undefined]>([
    ['approve when nothing waits', 'approve', run('Canary'), alice, /no approval gate is waiting/],
    ['approve by an approver', 'approve', run('AwaitingApproval', {}, false, true), alice, undefined],
    [
      'approve by a role',
      'approve',
      run('AwaitingApproval', {}, false, true),
      { actor: 'bob', roles: ['release-manager'] },
      undefined,
    ],
    [
      'approve by a stranger',
      'approve',
      run('AwaitingApproval', {}, false, true),
      { actor: 'eve' },
      /not among the gate's approvers/,
    ],
    [
      'approve the wrong gate',
      'approve',
      run('AwaitingApproval', {}, false, true),
      { actor: 'alice', gate: 'x' },
      /not the waiting gate/,
    ],
    [
      'reject twice',
      'reject',
      run('AwaitingApproval', { approval: { decision: 'reject', control: alice } }, false, true),
      alice,
      /no approval gate/,
    ],
    ['pause a canary', 'pause', run('Canary'), alice, undefined],
    ['pause twice', 'pause', run('Canary', {}, true), alice, /already paused/],
    ['pause when terminal', 'pause', run('Succeeded'), alice, /has ended/],
    ['pause while rolling back', 'pause', run('RollingBack'), alice, /rolling back/],
    ['resume when not paused', 'resume', run('Canary'), alice, /not paused/],
    ['resume when paused', 'resume', run('Canary', {}, true), alice, undefined],
    ['rollback without a reason', 'rollback', run('Canary'), { actor: 'alice' }, /reason: is required/],
    ['rollback when terminal', 'rollback', run('RolledBack'), alice, /has ended/],
    ['rollback after the baseline is gone', 'rollback', run('CleaningUp', { baselineDeleted: true }), alice, /deleted/],
    ['rollback in the watch', 'rollback', run('Watching'), alice, undefined],
    ['promote outside canary', 'promote', run('Mirroring'), alice, /only allowed during a canary step/],
    ['promote without a reason', 'promote', run('Canary'), { actor: 'alice' }, /reason: is required/],
    ['promote in canary', 'promote', run('Canary'), alice, undefined],
    ['any control without an actor', 'pause', run('Canary'), { actor: '' }, /actor: is required/],
    ['promote while paused', 'promote', run('Canary', {}, true), alice, /paused; resume it first/],
    [
      'approve by the starter (two-person rule)',
      'approve',
      run('AwaitingApproval', {}, false, true),
      rita,
      /may not approve/,
    ],
    ['reject by the starter', 'reject', run('AwaitingApproval', {}, false, true), rita, undefined],
    [
      'self-approval override by a non-admin',
      'approve',
      run('AwaitingApproval', {}, false, true),
      { ...rita, overrideTwoPersonRule: true },
      /only an admin/,
    ],
    [
      'self-approval override by an admin',
      'approve',
      run('AwaitingApproval', {}, false, true),
      { actor: 'rita', roles: ['admin', 'release-manager'], overrideTwoPersonRule: true },
      undefined,
    ],
    ['abandon a rollback under way', 'abandonRollback', rollingBack(), sre, undefined],
    ['abandon without a reason', 'abandonRollback', rollingBack(), { actor: 'sam', roles: ['sre'] }, /reason/],
    ['abandon by a release manager', 'abandonRollback', rollingBack(), { ...rita, reason: 'x' }, /sre, admin/],
    ['abandon with no rollback', 'abandonRollback', run('Canary'), sre, /no rollback is under way/],
    ['abandon twice', 'abandonRollback', rollingBack({ abandonRequest: sre }), sre, /already requested/],
    ['override windows as an admin', 'overrideWindow', run('Canary'), { ...admin, reason: 'CAB approved' }, undefined],
    ['override windows without a reason', 'overrideWindow', run('Canary'), admin, /reason/],
    ['override windows as an sre', 'overrideWindow', run('Canary'), sre, /roles admin/],
    ['override windows in a rollback', 'overrideWindow', rollingBack(), { ...admin, reason: 'x' }, /rolling back/],
    [
      'override windows twice',
      'overrideWindow',
      run('Canary', { windowOverride: admin }),
      { ...admin, reason: 'x' },
      /already/,
    ],
  ])('%s', (_name, kind, state, control, expected) => {
    const why = refusal(kind, state, control as never);
    if (expected) expect(why).toMatch(expected);
    else expect(why).toBeUndefined();
  });
});
