// Waits that a human can steer: pause-aware timers (a paused rollout's timers do not run), the wait for resume,
// and the approval gate (approve, reject, or its timeout doing what the plan says), which returns its decision.
import { condition } from '@temporalio/workflow';
import type { Stage } from '../domain/plan';
import type { RunContext } from './context';
import type { RunState } from './state';
import { addEvent, awaitGate, closeGate, pause, pauseAtGate } from './state';
import { durationMs } from '../domain/duration';
import { notifyIfSet } from './notify';

type ApprovalStage = Extract<Stage, { kind: 'approval' }>;

/** How an approval gate ended. With onTimeout 'pause' a timeout waits on for a human: it ends approved or rejected. */
export type ApprovalDecision =
  | { kind: 'approved' | 'rejected'; gate: string; actor: string; reason: string }
  | { kind: 'timedOut'; gate: string; actor: string; reason: string; then: 'approve' | 'reject' };

/** Whether the rollout goes on past the gate. */
export function proceeds(decision: ApprovalDecision): boolean {
  return decision.kind === 'approved' || (decision.kind === 'timedOut' && decision.then === 'approve');
}

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
  pause(run, { actor: 'system', reason, details });
  await condition(() => !run.status.paused);
}

export function gateName(stage: ApprovalStage, index: number): string {
  return stage.name ?? `approval-${index}`;
}

/** Waits for the gate's decision: a human's (the approve and reject updates), or what its timeout does. */
export async function awaitApproval(ctx: RunContext, stage: ApprovalStage, index: number): Promise<ApprovalDecision> {
  const { run } = ctx;
  const timeoutMs = durationMs(stage.timeout);
  const gate = gateName(stage, index);
  const timeoutAt = new Date(Date.now() + timeoutMs).toISOString();
  // The two-person rule (plan default on; the server may force it): the starter may not approve.
  const twoPerson = ctx.input.requireDistinctApprover === true || stage.requireDistinctApprover !== false;
  const notBy = twoPerson ? ctx.input.startedBy : undefined;
  const overlaid = awaitGate(run, { gate, timeoutAt, approvers: stage.approvers, notBy }, stage.message);
  await notifyIfSet(ctx, 'approval.awaiting', { gate, message: stage.message, approvers: stage.approvers });
  const { interrupted } = await pausableSleep(run, timeoutMs, () => run.approval !== undefined);
  const decision = interrupted ? humanDecision(run, gate) : await onTimeout(run, stage, gate);
  closeGate(run, proceeds(decision) ? overlaid : undefined);
  // An approval does not end a pause someone set (decide in state.ts): the rollout goes on once they resume.
  if (proceeds(decision)) await condition(() => !run.status.paused);
  return decision;
}

async function onTimeout(run: RunState, stage: ApprovalStage, gate: string): Promise<ApprovalDecision> {
  addEvent(run, { type: 'approval.timedOut', actor: 'system', details: { gate, onTimeout: stage.onTimeout } });
  const actor = 'system:timeout';
  if (stage.onTimeout === 'pause') {
    // The gate stays open without a deadline; an approve or reject ends the pause (decide in state.ts).
    pauseAtGate(run, { actor, reason: `approval gate '${gate}' timed out` });
    await condition(() => run.approval !== undefined);
    return humanDecision(run, gate);
  }
  return {
    kind: 'timedOut',
    gate,
    actor,
    reason: `approval gate '${gate}' timed out after ${stage.timeout}`,
    then: stage.onTimeout,
  };
}

function humanDecision(run: RunState, gate: string): ApprovalDecision {
  // Set by decide(); the waits before this end only once it is.
  const { decision, control } = run.approval as NonNullable<RunState['approval']>;
  const kind = decision === 'approve' ? 'approved' : 'rejected';
  return { kind, gate, actor: control.actor, reason: control.reason ?? `approval gate '${gate}' ${kind}` };
}
