// A gated bake: hold a traffic state for a duration, judging the metrics every analysis interval. 'fail' rolls
// back at once. 'pass' does not end a bake early: each step's exposure time is part of the plan, and slow
// regressions (latency creep, errors under load) need it. To advance, the last verdict must be 'pass';
// 'inconclusive' (or 'continue') at the end pauses for a human, and a resume bakes one more interval. At the end,
// grains the bake served that the metrics lag still hides are waited for (the read says `pending`) before judging.
import type { StageKind } from '../domain/plan';
import { RollbackNeeded, type RunContext } from './context';
import { evaluateGate } from './analysis-gate';
import { pauseForHuman, pausableSleep } from './gates';
import { durationMs } from '../domain/duration';
import { nowIso, setBake, type BakeProgress } from './state';
import { continueAsNewIfDue } from './continue-as-new';

export interface BakeOptions {
  stageIndex: number;
  stage: StageKind;
  durationMs: number;
  /** Share of requests the candidate sees: live weight, or mirror share while mirroring. */
  candidateShare: number;
  /** Ends the bake early without a verdict (the promote update during a canary step). */
  interrupt?: () => boolean;
}

export async function bake(ctx: RunContext, options: BakeOptions): Promise<'completed' | 'interrupted'> {
  const progress = resumeOrStart(ctx, options);
  const intervalMs = durationMs(ctx.plan.analysis.interval);
  for (;;) {
    const { elapsedMs, interrupted } = await pausableSleep(
      ctx.run,
      Math.min(intervalMs, progress.remainingMs),
      options.interrupt,
    );
    progress.remainingMs -= elapsedMs;
    if (interrupted) return finishBake(ctx, 'interrupted');
    const final = progress.remainingMs <= 0;
    const read = await evaluateGate(ctx, progress, options.stage, options.candidateShare, final);
    if (read.kind === 'providerError') {
      await onProviderError(ctx, progress, intervalMs);
    } else if (read.verdict.kind === 'fail') {
      throw new RollbackNeeded(`gate failed in ${options.stage}: ${read.verdict.reasons.join('; ')}`, 'system', {
        stageIndex: options.stageIndex,
        verdict: read.verdict,
      });
    } else if (read.pending) {
      // The bake's last grains are not ingested yet: hold the traffic state one more interval and read them.
      progress.remainingMs = intervalMs;
    } else if (final && read.verdict.kind === 'pass') {
      return finishBake(ctx, 'completed');
    } else if (final) {
      await pauseForHuman(ctx.run, `gate ${read.verdict.kind} at the end of ${options.stage}: more evidence needed`, {
        stageIndex: options.stageIndex,
        rule: read.verdict.rule,
        cause: 'inconclusive-gate',
      });
      progress.remainingMs = intervalMs;
      progress.dueBy = undefined;
      progress.missingGrains = undefined; // a human looked at the missing data and resumed
    }
    await continueAsNewIfDue(ctx);
  }
}

function resumeOrStart(ctx: RunContext, options: BakeOptions): BakeProgress {
  const carried = ctx.run.bake;
  if (carried && carried.stageIndex === options.stageIndex) return carried;
  const progress: BakeProgress = {
    stageIndex: options.stageIndex,
    remainingMs: options.durationMs,
    cursor: nowIso(),
    providerErrors: 0,
  };
  setBake(ctx.run, progress);
  return progress;
}

async function onProviderError(ctx: RunContext, progress: BakeProgress, intervalMs: number): Promise<void> {
  // Never advance without evidence: a final read that failed is retried after one more interval.
  if (progress.remainingMs <= 0) progress.remainingMs = intervalMs;
  if (progress.providerErrors > ctx.plan.analysis.maxProviderErrors) {
    await pauseForHuman(ctx.run, `metrics unavailable ${progress.providerErrors} times in a row`, {
      stageIndex: progress.stageIndex,
      consecutive: progress.providerErrors,
      cause: 'metrics-outage',
    });
    progress.providerErrors = 0;
  }
}

function finishBake(ctx: RunContext, result: 'completed' | 'interrupted'): 'completed' | 'interrupted' {
  setBake(ctx.run, undefined);
  return result;
}
