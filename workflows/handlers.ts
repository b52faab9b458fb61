// The update and query handlers: synchronous validators (control-rules.ts), one-line transitions (state.ts), every
// control in the event log with its actor. Registered first thing, so buffered messages find them.
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { RolloutStatus } from '../domain/status';
import { CONTROL_UPDATES, statusQuery, type ControlInput } from './messages';
import { refusal, type ControlKind } from './control-rules';
import {
  byControl,
  decide,
  overrideWindow,
  pause,
  requestAbandon,
  requestPromote,
  requestRollback,
  resume,
  type RunState,
} from './state';

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
  const pauseRun = on('pause', (c) => pause(run, byControl(c)));
  const resumeRun = on('resume', (c) => resume(run, byControl(c)));
  const rollback = on('rollback', (c) => {
    requestRollback(run, c);
    hooks.cancelStages();
  });
  const promote = on('promote', (c) => requestPromote(run, c));
  const abandon = on('abandonRollback', (c) => requestAbandon(run, c));
  const override = on('overrideWindow', (c) => overrideWindow(run, c));
  setHandler(CONTROL_UPDATES.approve, approve.handler, { validator: approve.validator });
  setHandler(CONTROL_UPDATES.reject, reject.handler, { validator: reject.validator });
  setHandler(CONTROL_UPDATES.pause, pauseRun.handler, { validator: pauseRun.validator });
  setHandler(CONTROL_UPDATES.resume, resumeRun.handler, { validator: resumeRun.validator });
  setHandler(CONTROL_UPDATES.rollback, rollback.handler, { validator: rollback.validator });
  setHandler(CONTROL_UPDATES.promote, promote.handler, { validator: promote.validator });
  setHandler(CONTROL_UPDATES.abandonRollback, abandon.handler, { validator: abandon.validator });
  setHandler(CONTROL_UPDATES.overrideWindow, override.handler, { validator: override.validator });
}
