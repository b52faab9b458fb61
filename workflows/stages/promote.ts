// Promote: the candidate takes the baseline's whole share (other deployments keep theirs), then a watch while the baseline is kept for instant rollback.
import type { Stage } from '../../domain/plan';
import type { RunContext } from '../context';
import { bake } from '../bake';
import { durationMs } from '../../domain/duration';
import { setState } from '../state';
import { promotedTraffic } from '../../domain/traffic';
import { applyTraffic, frameOf } from '../traffic';
import { sizeCandidateFor } from '../sizing';
import { awaitWindow } from '../window-hold';

type PromoteStage = Extract<Stage, { kind: 'promote' }>;

export async function promoteStage(ctx: RunContext, stage: PromoteStage, index: number): Promise<void> {
  setState(ctx.run, 'Promoting', 'promote');
  await awaitWindow(ctx, 'promote', index);
  await sizeCandidateFor(ctx, index);
  await applyTraffic(ctx, promotedTraffic(frameOf(ctx.run)));
  setState(ctx.run, 'Watching');
  const watchMs = durationMs(stage.watch);
  if (watchMs > 0) await bake(ctx, { stageIndex: index, stage: 'promote', durationMs: watchMs, candidateShare: 1 });
}
