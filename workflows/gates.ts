// Waits that a human can steer: pause-aware timers (a paused rollout's timers do not run), the wait for resume,
// and the approval gate (approve, reject, or its timeout doing what the plan says).
import { condition } from '@temporalio/workflow';
import type { Stage } from '../domain/plan';
import { RollbackNeeded, type RunContext } from './context';
import type { RunState } from './state';
import { addEvent, nowIso, setState } from './state';
import { durationMs } from '../domain/duration';
import { notifyIfSet } from './notify';

type ApprovalStage = Extract<Stage, { kind: 'approval' }>;

/**
 * Waits `ms` of unpaused time. Returns early when `interrupt()` turns true. `elapsedMs` is the unpaused time that
 * counted, so a caller can carry the remainder across continue-as-new.
 */
export async function pausableSleep(
  run: RunState,
  ms: number,
  interrupt: () => boolean = () => false,
): Promise<{ elapsedMs: number; interrupted: boolean }> {
  let elapsedMs = 0;
  while (ms - elapsedMs >= 1) {
    await condition(() => !run.status.paused || interrupt());
    if (interrupt()) return { elapsedMs, interrupted: true };
    const started = Date.now();
    const woken = await condition(() => run.status.paused || interrupt(), ms - elapsedMs);
    elapsedMs = woken ? Math.min(ms, elapsedMs + (Date.now() - started)) : ms;
    if (interrupt()) return { elapsedMs, interrupted: true };
  }
  return { elapsedMs, interrupted: false };
}

/** Pauses the rollout on the system's behalf (metrics outage, inconclusive gate) and waits for a human. */
export async function pauseForHuman(run: RunState, reason: string, details?: Record<string, unknown>): Promise<void> {
  run.status.paused = true;
  addEvent(run, { type: 'paused', actor: 'system', reason, details });
  await condition(() => !run.status.paused);
}

export function gateName(stage: ApprovalStage, index: number): string {
  return stage.name ?? `approval-${index}`;
}

/** Resolves when the gate is approved; throws RollbackNeeded when it is rejected (by a human or its timeout). */
export async function awaitApproval(ctx: RunContext, stage: ApprovalStage, index: number): Promise<void> {
  const { run } = ctx;
  const timeoutMs = durationMs(stage.timeout);
  const gate = gateName(stage, index);
  run.approval = undefined;
  setState(run, 'AwaitingApproval', 'approval');
  run.status.awaiting = {
    gate, since: nowIso(), timeoutAt: new Date(Date.now() + timeoutMs).toISOString(), approvers: stage.approvers,
  };
  addEvent(run, { type: 'approval.awaiting', actor: 'system', details: { gate, message: stage.message } });
  await notifyIfSet(ctx, 'approval.awaiting', { gate, message: stage.message, approvers: stage.approvers });
  const { interrupted } = await pausableSleep(run, timeoutMs, () => run.approval !== undefined);
  if (!interrupted) await onTimeout(run, stage, gate);
  const decision = run.approval as RunState['approval'];
  run.approval = undefined;
  delete run.status.awaiting;
  if (decision?.decision === 'reject') {
    const reason = decision.control.reason ?? `approval gate '${gate}' rejected`;
    throw new RollbackNeeded(reason, decision.control.actor, { gate });
  }
}

async function onTimeout(run: RunState, stage: ApprovalStage, gate: string): Promise<void> {
  addEvent(run, { type: 'approval.timedOut', actor: 'system', details: { gate, onTimeout: stage.onTimeout } });
  const actor = 'system:timeout';
  if (stage.onTimeout === 'pause') {
    // The gate stays open without a deadline; an approve or reject ends the pause (see the update handlers).
    run.status.paused = true;
    addEvent(run, { type: 'paused', actor, reason: `approval gate '${gate}' timed out` });
    await condition(() => run.approval !== undefined);
    return;
  }
  const reason = `approval gate '${gate}' timed out after ${stage.timeout}`;
  run.approval = { decision: stage.onTimeout, control: { actor, reason } };
}
