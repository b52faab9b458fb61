// Mirror: copy a share of live traffic to the candidate (zero user exposure) and judge it on real inputs, then
// clear the mirror.
import type { Stage } from '../../domain/plan';
import type { RunContext } from '../context';
import { bake } from '../bake';
import { durationMs } from '../../domain/duration';
import { setState } from '../state';
import { applyTraffic, split } from '../traffic';
import { sizeCandidateFor } from '../sizing';
import { awaitWindow } from '../window-hold';

type MirrorStage = Extract<Stage, { kind: 'mirror' }>;

export async function mirrorStage(ctx: RunContext, stage: MirrorStage, index: number): Promise<void> {
  setState(ctx.run, 'Mirroring', 'mirror');
  await awaitWindow(ctx, 'mirror', index);
  await sizeCandidateFor(ctx, index);
  await applyTraffic(ctx, split(ctx, 0, stage.percent));
  await bake(ctx, {
    stageIndex: index,
    stage: 'mirror',
    durationMs: durationMs(stage.duration),
    candidateShare: stage.percent / 100,
  });
  await applyTraffic(ctx, split(ctx, 0));
}
