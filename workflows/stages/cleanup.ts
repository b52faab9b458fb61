// Cleanup: after the rollback window, drop the baseline from the traffic map and delete it (or keep it). From
// the moment the deletion starts a rollback is no longer possible; a failed deletion leaves a safe state (the
// candidate serves 100%), so it is logged, not rolled back. A cancellation during the deletion is not a failed
// deletion: it goes on to rollout.ts, which records it as the cancellation it is.
import { isCancellation } from '@temporalio/workflow';
import type { Stage } from '../../domain/plan';
import type { RunContext } from '../context';
import { pausableSleep } from '../gates';
import { durationMs } from '../../domain/duration';
import { describeFailure } from '../failure';
import { addEvent, dropDeployment, markBaselineDeleted, nowIso, setState } from '../state';
import { previousDeployment } from '../../domain/previous-deployment';
import { retiredTraffic } from '../../domain/traffic';
import { applyTraffic, frameOf } from '../traffic';

type CleanupStage = Extract<Stage, { kind: 'cleanup' }>;

export async function cleanupStage(ctx: RunContext, stage: CleanupStage): Promise<void> {
  const { run } = ctx;
  setState(run, 'CleaningUp', 'cleanup');
  await pausableSleep(run, durationMs(stage.delay));
  if (stage.baseline === 'keep') {
    addEvent(run, { type: 'baseline.kept', actor: 'system', details: { baseline: run.status.baseline } });
    return;
  }
  await applyTraffic(ctx, retiredTraffic(frameOf(run)));
  markBaselineDeleted(run);
  try {
    const deleted = await ctx.acts.deploy.deleteDeployment({ target: ctx.target, name: run.status.baseline });
    dropDeployment(run, run.status.baseline);
    // Histories from before the activity returned the resource hold no result: nothing to revert to then.
    const previous = deleted ? previousDeployment(deleted, nowIso()) : undefined;
    if (previous) run.status.previousDeployment = previous;
    addEvent(run, { type: 'baseline.deleted', actor: 'system', details: { baseline: run.status.baseline } });
  } catch (error) {
    if (isCancellation(error)) throw error;
    addEvent(run, {
      type: 'baseline.deleteFailed',
      actor: 'system',
      reason: describeFailure(error),
      details: { baseline: run.status.baseline },
    });
  }
}
