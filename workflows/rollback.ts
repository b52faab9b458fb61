// Rollback: traffic back to the baseline 100%, mirror cleared, read back and retried with bounded backoff until it
// matches; then the candidate deployment is deleted (it was created by this rollout and costs money while it
// stands). Run by rollout.ts inside CancellationScope.nonCancellable. A traffic state that cannot be restored
// ends the rollout Failed, loudly (error log, event; rollout.ts sends the alert notification).
import { log, patched, sleep } from '@temporalio/workflow';
import type { TrafficState } from '../domain/endpoint';
import { sameTrafficState } from '../domain/traffic';
import type { RunContext } from './context';
import { describeFailure } from './failure';
import { addEvent, finish, setTrafficState, startRollback } from './state';

export interface RollbackCause {
  reason: string;
  actor: string;
  details?: Record<string, unknown>;
}

export const RESTORE_ATTEMPTS = 10;
export const PATCH_TRAFFIC_BEFORE = 'rollback-records-traffic-before';

export async function rollback(ctx: RunContext, cause: RollbackCause): Promise<void> {
  const { run } = ctx;
  startRollback(run, { actor: cause.actor, reason: cause.reason, details: cause.details });
  if (!run.planChecked) {
    finish(run, 'RolledBack', `${cause.reason} (before any change)`);
    return;
  }
  const wanted: TrafficState = { traffic: { [run.status.baseline]: 100 }, mirrorTraffic: {} };
  // Added after histories were recorded: a new activity before the restore changes command order.
  if (patched(PATCH_TRAFFIC_BEFORE)) await recordTrafficBefore(ctx);
  const attempts = ctx.input.restoreAttempts ?? RESTORE_ATTEMPTS;
  if (!(await restoreTraffic(ctx, wanted, attempts))) {
    const reason = `could not restore ${run.status.baseline} to 100% after ${attempts} attempts (${cause.reason})`;
    log.error('ROLLBACK FAILED: traffic not restored', { rolloutId: run.status.rolloutId, reason });
    addEvent(run, { type: 'rollback.failed', actor: 'system', reason });
    finish(run, 'Failed', reason);
    return;
  }
  addEvent(run, { type: 'rollback.verified', actor: 'system', details: { ...wanted } });
  if (run.candidateCreated) await deleteCandidate(ctx);
  finish(run, 'RolledBack', cause.reason);
}

/** The audit log keeps what Azure served when the rollback began. Best effort: it never delays the rollback long. */
async function recordTrafficBefore(ctx: RunContext): Promise<void> {
  try {
    const before = await ctx.acts.read.getTraffic({ target: ctx.target });
    addEvent(ctx.run, { type: 'rollback.trafficBefore', actor: 'system', details: { ...before } });
  } catch (error) {
    addEvent(ctx.run, { type: 'rollback.trafficBefore', actor: 'system', reason: describeFailure(error) });
  }
}

async function restoreTraffic(ctx: RunContext, wanted: TrafficState, attempts: number): Promise<boolean> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await ctx.acts.traffic.setTraffic({ target: ctx.target, ...wanted });
      // Read back on our own, not only through setTraffic's verification: what counts is what Azure now serves.
      const readBack = await ctx.acts.read.getTraffic({ target: ctx.target });
      setTrafficState(ctx.run, readBack);
      if (sameTrafficState(readBack, wanted)) return true;
      addEvent(ctx.run, { type: 'rollback.mismatch', actor: 'system', details: { attempt, readBack: { ...readBack } } });
    } catch (error) {
      addEvent(ctx.run, {
        type: 'rollback.retry', actor: 'system', reason: describeFailure(error), details: { attempt },
      });
    }
    if (attempt < attempts) await sleep(Math.min(1_000 * 2 ** (attempt - 1), 30_000));
  }
  return false;
}

async function deleteCandidate(ctx: RunContext): Promise<void> {
  const name = ctx.run.status.candidate;
  try {
    await ctx.acts.deploy.deleteDeployment({ target: ctx.target, name });
    addEvent(ctx.run, { type: 'candidate.deleted', actor: 'system', details: { candidate: name } });
  } catch (error) {
    // Traffic is safe already; a stray candidate with no traffic is a cost, not a risk.
    addEvent(ctx.run, {
      type: 'candidate.deleteFailed', actor: 'system', reason: describeFailure(error), details: { candidate: name },
    });
  }
}
