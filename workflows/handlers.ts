// The update and query handlers: synchronous validators (control-rules.ts), one-line state changes, every
// control in the event log with its actor. Registered first thing, so buffered messages find them.
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { RolloutStatus } from '../domain/status';
import {
  approveUpdate, pauseUpdate, promoteUpdate, rejectUpdate, resumeUpdate, rollbackUpdate, statusQuery,
  type ControlInput,
} from './messages';
import { refusal, type ControlKind } from './control-rules';
import { addEvent, setState, type RunState } from './state';

export interface HandlerHooks {
  /** Interrupts whatever stage runs, so the rollback starts now. */
  cancelStages(): void;
}

export function registerHandlers(run: RunState, hooks: HandlerHooks): void {
  setHandler(statusQuery, () => run.status);
  const on = (kind: ControlKind, apply: (control: ControlInput) => void) => ({
    handler: (control: ControlInput): RolloutStatus => {
      apply(control);
      return run.status;
    },
    validator: (control: ControlInput): void => {
      const why = refusal(kind, run, control);
      if (why) throw ApplicationFailure.create({ type: 'InvalidState', message: why, nonRetryable: true });
    },
  });
  const approve = on('approve', (c) => decide(run, 'approve', c));
  const reject = on('reject', (c) => decide(run, 'reject', c));
  const pause = on('pause', (c) => {
    run.status.paused = true;
    log(run, 'paused', c);
  });
  const resume = on('resume', (c) => {
    run.status.paused = false;
    log(run, 'resumed', c);
  });
  const rollback = on('rollback', (c) => {
    run.rollbackRequest = c;
    log(run, 'rollback.requested', c);
    setState(run, 'RollingBack');
    hooks.cancelStages();
  });
  const promote = on('promote', (c) => {
    run.promoteRequest = c;
    log(run, 'promote.requested', c);
  });
  setHandler(approveUpdate, approve.handler, { validator: approve.validator });
  setHandler(rejectUpdate, reject.handler, { validator: reject.validator });
  setHandler(pauseUpdate, pause.handler, { validator: pause.validator });
  setHandler(resumeUpdate, resume.handler, { validator: resume.validator });
  setHandler(rollbackUpdate, rollback.handler, { validator: rollback.validator });
  setHandler(promoteUpdate, promote.handler, { validator: promote.validator });
}

function decide(run: RunState, decision: 'approve' | 'reject', control: ControlInput): void {
  run.approval = { decision, control };
  log(run, decision === 'approve' ? 'approval.approved' : 'approval.rejected', control, { gate: run.status.awaiting?.gate });
  if (run.status.paused) {
    // A decision on the waiting gate is what a pause during the approval waited for.
    run.status.paused = false;
    log(run, 'resumed', control);
  }
}

function log(run: RunState, type: string, control: ControlInput, details?: Record<string, unknown>): void {
  const extra = { ...(control.comment ? { comment: control.comment } : {}), ...details };
  addEvent(run, { type, actor: control.actor, reason: control.reason,
    details: Object.keys(extra).length > 0 ? extra : undefined });
}
