// Promote: full shift to the candidate, then a watch while the baseline is kept for instant rollback.
import type { Stage } from '../../domain/plan';
import type { RunContext } from '../context';
import { bake } from '../bake';
import { durationMs } from '../../domain/duration';
import { setState } from '../state';
import { applyTraffic, split } from '../traffic';

type PromoteStage = Extract<Stage, { kind: 'promote' }>;

export async function promoteStage(ctx: RunContext, stage: PromoteStage, index: number): Promise<void> {
  setState(ctx.run, 'Promoting', 'promote');
  await applyTraffic(ctx, split(ctx, 100));
  setState(ctx.run, 'Watching');
  const watchMs = durationMs(stage.watch);
  if (watchMs > 0) await bake(ctx, { stageIndex: index, stage: 'promote', durationMs: watchMs, candidateShare: 1 });
}
