// Rollback: traffic back to where it was at plan check (the baseline's share; other deployments never moved), mirror
// cleared, read back and retried until it matches; then the candidate is deleted if this rollout created it. Run by
// rollout.ts inside CancellationScope.nonCancellable. Retryable errors never end it (restore.ts); it ends Failed
// only when the baseline is gone or an SRE abandons it, loudly (error log, event; rollout.ts sends the alert).
import { log, patched, sleep } from '@temporalio/workflow';
import type { TrafficState } from '../domain/endpoint';
import { sameTrafficState } from '../domain/traffic';
import type { RunContext } from './context';
import { describeFailure } from './failure';
import { rollbackNewEndpoint } from './first-release';
import { persistentRestore, PATCH_ROLLBACK_PERSISTS, type Restore } from './restore';
import { addEvent, byControl, finish, setTrafficState, startRollback } from './state';
import { split } from './traffic';

export interface RollbackCause {
  reason: string;
  actor: string;
  details?: Record<string, unknown>;
}

/** The bounded rollback's attempts, kept for runs that started before PATCH_ROLLBACK_PERSISTS. */
export const RESTORE_ATTEMPTS = 10;
export const PATCH_TRAFFIC_BEFORE = 'rollback-records-traffic-before';

export async function rollback(ctx: RunContext, cause: RollbackCause): Promise<void> {
  const { run } = ctx;
  // Set when this run continued as new in the middle of a rollback: it goes on where the last run stopped.
  const resuming = run.status.rollback !== undefined;
  if (!resuming) startRollback(run, { actor: cause.actor, reason: cause.reason, details: cause.details });
  if (!run.planChecked) {
    finish(run, 'RolledBack', `${cause.reason} (before any change)`);
    return;
  }
  if (run.baselineDeleted) return endWithoutBaseline(ctx, cause);
  if (run.firstRelease?.createEndpoint) return rollbackNewEndpoint(ctx, cause.reason);
  // A first release on an existing endpoint had no live traffic: it goes back to none.
  const wanted: TrafficState = split(ctx, 0);
  // Added after histories were recorded: a new activity before the restore changes command order.
  if (!resuming && patched(PATCH_TRAFFIC_BEFORE)) await recordTrafficBefore(ctx);
  const restored =
    resuming || patched(PATCH_ROLLBACK_PERSISTS)
      ? await persistentRestore(ctx, wanted)
      : await boundedRestore(ctx, wanted, ctx.input.restoreAttempts ?? RESTORE_ATTEMPTS);
  switch (restored.kind) {
    case 'restored':
      addEvent(run, { type: 'rollback.verified', actor: 'system', details: { ...wanted } });
      if (run.candidateCreated) await deleteCandidate(ctx);
      else if (run.candidateExisted) keptCandidate(ctx);
      finish(run, 'RolledBack', cause.reason);
      return;
    case 'abandoned': {
      const { control } = restored;
      const reason = `rollback abandoned by ${control.actor}: ${control.reason} (traffic not restored; ${cause.reason})`;
      log.error('ROLLBACK ABANDONED: traffic not restored', { rolloutId: run.status.rolloutId, reason });
      addEvent(run, { type: 'rollback.abandoned', ...byControl(control, { attempts: run.status.rollback?.attempts }) });
      finish(run, 'Failed', reason);
      return;
    }
    case 'failed': {
      const reason = `${restored.reason} (${cause.reason})`;
      log.error('ROLLBACK FAILED: traffic not restored', { rolloutId: run.status.rolloutId, reason });
      addEvent(run, { type: 'rollback.failed', actor: 'system', reason, details: restored.details });
      finish(run, 'Failed', reason);
    }
  }
}

/**
 * The baseline's deletion had started (only a cancellation during cleanup gets here): there is nothing to restore
 * to. The rollout ends Failed with the cause and what the endpoint serves.
 */
async function endWithoutBaseline(ctx: RunContext, cause: RollbackCause): Promise<void> {
  const { run } = ctx;
  const details: Record<string, unknown> = { baseline: run.status.baseline };
  try {
    const actual = await ctx.acts.read.getTraffic({ target: ctx.target });
    setTrafficState(run, actual);
    details.actual = { ...actual };
  } catch (error) {
    details.readError = describeFailure(error);
  }
  const reason = `${cause.reason} during the deletion of the baseline ${run.status.baseline}: no rollback possible`;
  addEvent(run, { type: 'rollback.impossible', actor: 'system', reason, details });
  finish(run, 'Failed', reason);
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

/** The rollback of runs recorded before PATCH_ROLLBACK_PERSISTS: gives up after `attempts`. Replay only. */
async function boundedRestore(ctx: RunContext, wanted: TrafficState, attempts: number): Promise<Restore> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await ctx.acts.traffic.setTraffic({ target: ctx.target, ...wanted });
      const readBack = await ctx.acts.read.getTraffic({ target: ctx.target });
      setTrafficState(ctx.run, readBack);
      if (sameTrafficState(readBack, wanted)) return { kind: 'restored' };
      const details = { attempt, readBack: { ...readBack } };
      addEvent(ctx.run, { type: 'rollback.mismatch', actor: 'system', details });
    } catch (error) {
      addEvent(ctx.run, {
        type: 'rollback.retry',
        actor: 'system',
        reason: describeFailure(error),
        details: { attempt },
      });
    }
    if (attempt < attempts) await sleep(Math.min(1_000 * 2 ** (attempt - 1), 30_000));
  }
  const reason = `could not restore ${ctx.run.status.baseline} to 100% after ${attempts} attempts`;
  return { kind: 'failed', reason };
}

/** A deployment the rollout replaced but did not create stays, idle: the rollback deletes only what it created. */
function keptCandidate(ctx: RunContext): void {
  const candidate = ctx.run.status.candidate;
  addEvent(ctx.run, {
    type: 'candidate.kept',
    actor: 'system',
    reason: 'existed before the rollout',
    details: { candidate },
  });
}

async function deleteCandidate(ctx: RunContext): Promise<void> {
  const name = ctx.run.status.candidate;
  try {
    await ctx.acts.deploy.deleteDeployment({ target: ctx.target, name });
    addEvent(ctx.run, { type: 'candidate.deleted', actor: 'system', details: { candidate: name } });
  } catch (error) {
    // Traffic is safe already; a stray candidate with no traffic is a cost, not a risk.
    addEvent(ctx.run, {
      type: 'candidate.deleteFailed',
      actor: 'system',
      reason: describeFailure(error),
      details: { candidate: name },
    });
  }
}
