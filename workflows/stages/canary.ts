// Canary step: move `weight` percent of all live traffic to the candidate, from the baseline's share only, and bake,
// judging candidate against baseline. The promote update skips this and every later canary step.
import type { Stage } from '../../domain/plan';
import type { RunContext } from '../context';
import { bake } from '../bake';
import { durationMs } from '../../domain/duration';
import { addEvent, setState } from '../state';
import { judgedShare } from '../../domain/traffic';
import { applyTraffic, frameOf, split } from '../traffic';
import { sizeCandidateFor } from '../sizing';
import { awaitWindow } from '../window-hold';

type CanaryStage = Extract<Stage, { kind: 'canary' }>;

export async function canaryStage(ctx: RunContext, stage: CanaryStage, index: number): Promise<void> {
  const { run } = ctx;
  if (run.promoteRequest) {
    addEvent(run, {
      type: 'stage.skipped',
      actor: run.promoteRequest.actor,
      reason: run.promoteRequest.reason,
      details: { stageIndex: index, weight: stage.weight },
    });
    return;
  }
  setState(run, 'Canary', 'canary');
  await awaitWindow(ctx, 'canary', index);
  await sizeCandidateFor(ctx, index);
  await applyTraffic(ctx, split(ctx, stage.weight));
  await bake(ctx, {
    stageIndex: index,
    stage: 'canary',
    durationMs: durationMs(stage.bake),
    candidateShare: judgedShare(frameOf(run), stage.weight),
    interrupt: () => run.promoteRequest !== undefined,
  });
}
