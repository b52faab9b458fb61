// Deployment windows: before the candidate's exposure grows (mirror start, each canary step, promote) the rollout
// asks the admin's rules (an activity: they change while it waits) and, while they hold it, waits on a durable timer
// until the window opens, then asks again. An admin's override lets it go on; a rollback cancels the wait.
import { condition, patched } from '@temporalio/workflow';
import type { StageKind } from '../domain/plan';
import type { RunContext } from './context';
import { notifyIfSet } from './notify';
import { holdAtWindow, nowIso, releaseWindow } from './state';

/** Rules may change while a rollout waits: the longest wait before asking again. */
export const WINDOW_RECHECK_MS = 60 * 60_000;

/** Runs before the first traffic change of stage `stageIndex`; returns once windows let it go on. */
export async function awaitWindow(ctx: RunContext, stage: StageKind, stageIndex: number): Promise<void> {
  const { run } = ctx;
  // Histories from before windows never asked; a bake resumed after continue-as-new already has its exposure.
  if (!patched('deployment-windows') || run.bake?.stageIndex === stageIndex) return;
  while (!run.windowOverride) {
    const check = await ctx.acts.read.checkWindow({ target: ctx.target, at: nowIso() });
    if (check.open) break;
    if (holdAtWindow(run, { ...check.hold, stage, stageIndex })) {
      await notifyIfSet(ctx, 'window-hold', { window: run.status.window });
    }
    const untilOpen = check.hold.opensAt ? Date.parse(check.hold.opensAt) - Date.now() : WINDOW_RECHECK_MS;
    await condition(() => run.windowOverride !== undefined, Math.min(Math.max(untilOpen, 1_000), WINDOW_RECHECK_MS));
  }
  releaseWindow(run);
}
