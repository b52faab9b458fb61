// Which controls the rollout accepts in which state. Pure: the update validators call these synchronously and
// reject with the message returned; unit tests drive them as a table.
import { stateRefusal } from '../domain/control-state';
import { isTerminal } from '../domain/status';
import type { ControlAction } from '../domain/workflow-types';
import type { ControlInput } from './messages';
import type { RunState } from './state';

export type ControlKind = ControlAction;

/** Roles that may stop a rollback that keeps failing. */
export const ABANDON_ROLES = ['sre', 'admin'];

/** Roles that may let a rollout through deployment windows and freezes. */
export const WINDOW_OVERRIDE_ROLES = ['admin'];

/** Why the control is refused, or undefined when it is allowed. */
export function refusal(kind: ControlKind, run: RunState, control: ControlInput | undefined): string | undefined {
  if (!control || typeof control.actor !== 'string' || control.actor.trim() === '') {
    return 'actor: is required (who sends the control)';
  }
  const { status } = run;
  const byState = (): string | undefined => {
    const why = stateRefusal(kind, status);
    return why && `${kind}: ${why}`;
  };
  if (isTerminal(status.state)) return byState();
  switch (kind) {
    case 'approve':
    case 'reject':
      return byState() ?? decisionRefusal(kind, run, control);
    case 'pause':
    case 'resume':
      return byState();
    case 'rollback':
      if (!hasReason(control)) return 'reason: is required for a rollback';
      return (
        byState() ?? (run.baselineDeleted ? `rollback: the baseline ${status.baseline} has been deleted` : undefined)
      );
    case 'promote':
      if (!hasReason(control)) return 'reason: is required to promote';
      return byState() ?? (run.promoteRequest ? 'promote: already requested' : undefined);
    case 'abandonRollback':
      if (!hasReason(control)) return 'reason: is required to abandon a rollback';
      if (!(control.roles ?? []).some((role) => ABANDON_ROLES.includes(role))) {
        return `abandonRollback: needs one of the roles ${ABANDON_ROLES.join(', ')}`;
      }
      return byState() ?? (run.abandonRequest ? 'abandonRollback: already requested' : undefined);
    case 'overrideWindow':
      if (!hasReason(control)) return 'reason: is required to override deployment windows';
      if (!(control.roles ?? []).some((role) => WINDOW_OVERRIDE_ROLES.includes(role))) {
        return `overrideWindow: needs one of the roles ${WINDOW_OVERRIDE_ROLES.join(', ')}`;
      }
      return byState() ?? (run.windowOverride ? 'overrideWindow: already overridden' : undefined);
  }
}

function decisionRefusal(kind: 'approve' | 'reject', run: RunState, control: ControlInput): string | undefined {
  const awaiting = run.status.awaiting;
  if (!awaiting || run.approval) return `${kind}: no approval gate is waiting`;
  if (control.gate !== undefined && control.gate !== awaiting.gate) {
    return `gate: '${control.gate}' is not the waiting gate '${awaiting.gate}'`;
  }
  const allowed = awaiting.approvers;
  const roles = control.roles ?? [];
  if (allowed.length > 0 && !allowed.includes(control.actor) && !roles.some((role) => allowed.includes(role))) {
    return `actor: ${control.actor} is not among the gate's approvers (${allowed.join(', ')})`;
  }
  if (kind === 'approve' && awaiting.notBy === control.actor) {
    if (!control.overrideTwoPersonRule) {
      return `actor: ${control.actor} started this rollout and may not approve it (two-person rule)`;
    }
    if (!roles.includes('admin')) return 'overrideTwoPersonRule: only an admin may override the two-person rule';
  }
  return undefined;
}

function hasReason(control: ControlInput): boolean {
  return typeof control.reason === 'string' && control.reason.trim() !== '';
}
