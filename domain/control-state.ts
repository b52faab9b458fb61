// Which controls a rollout's state allows, from its status alone: shared by the workflow's update validators (which
// add the checks that need the run: reasons, roles, approvers, requests already made) and the dashboard's buttons.
import { isTerminal, type RolloutStatus } from './status';
import type { ControlAction } from './workflow-types';

type StateView = Pick<RolloutStatus, 'state' | 'paused' | 'awaiting' | 'rollback'>;

/** Why the state forbids the control, or undefined when the state allows it. */
export function stateRefusal(action: ControlAction, status: StateView): string | undefined {
  if (isTerminal(status.state)) return `the rollout has ended (${status.state})`;
  switch (action) {
    case 'approve':
    case 'reject':
      return status.awaiting ? undefined : 'no approval gate is waiting';
    case 'pause':
      if (status.state === 'RollingBack') return 'the rollout is rolling back';
      return status.paused ? 'the rollout is already paused' : undefined;
    case 'resume':
      return status.paused ? undefined : 'the rollout is not paused';
    case 'rollback':
      return status.state === 'RollingBack' ? 'the rollout is already rolling back' : undefined;
    case 'promote':
      if (status.state !== 'Canary') return `only allowed during a canary step, not in ${status.state}`;
      return status.paused ? 'the rollout is paused; resume it first' : undefined;
    case 'abandonRollback':
      return status.state === 'RollingBack' && status.rollback ? undefined : 'no rollback is under way';
    case 'overrideWindow':
      return status.state === 'RollingBack' ? 'the rollout is rolling back' : undefined;
  }
}
