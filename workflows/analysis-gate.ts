// One gate evaluation: read the metrics since the last read, feed the new samples and the judge's prior state to
// the plan's judge, record the verdict with its evidence. A metrics failure is not a verdict: it is counted.
import { isCancellation, log } from '@temporalio/workflow';
import { judgeAt } from '../analysis';
import type { StageKind } from '../domain/plan';
import type { Verdict } from '../domain/verdict';
import type { RunContext } from './context';
import { addEvent, recordGate, type BakeProgress } from './state';
import { durationMs } from '../domain/duration';
import { describeFailure } from './failure';

export type GateRead = { kind: 'verdict'; verdict: Verdict } | { kind: 'providerError'; error: string };

export async function evaluateGate(
  ctx: RunContext,
  progress: BakeProgress,
  stage: StageKind,
  candidateShare: number,
  final: boolean,
): Promise<GateRead> {
  const { run, plan } = ctx;
  const lagMs = plan.analysis.metricsLag ? durationMs(plan.analysis.metricsLag) : 0;
  const end = new Date(Date.now() - lagMs).toISOString();
  if (Date.parse(end) <= Date.parse(progress.cursor)) {
    // Nothing ingested since the last read yet (a lag longer than the interval): judge no new samples.
    return judgeOnly(ctx, progress, stage, final);
  }
  let verdict: Verdict;
  try {
    const samples = await ctx.acts.metrics.queryMetrics({
      target: ctx.target, baseline: run.status.baseline, candidate: run.status.candidate,
      start: progress.cursor, end, candidateShare,
    });
    const out = judgeAt(plan.analysis.judge, run.judgeVersion)({ samples, policy: plan.analysis, state: progress.judgeState, final });
    progress.judgeState = out.state;
    verdict = out.verdict;
  } catch (error) {
    // The rollout was cancelled (or a rollback requested) while the read was in flight: not a metrics outage.
    if (isCancellation(error)) throw error;
    progress.providerErrors += 1;
    const message = describeFailure(error);
    log.warn('metrics unavailable', { rolloutId: run.status.rolloutId, stage, errors: progress.providerErrors });
    addEvent(run, {
      type: 'metrics.unavailable', actor: 'system', reason: message,
      details: { stageIndex: progress.stageIndex, consecutive: progress.providerErrors },
    });
    return { kind: 'providerError', error: message };
  }
  progress.cursor = end;
  progress.providerErrors = 0;
  recordGate(run, progress.stageIndex, stage, verdict);
  log.info('gate verdict', { rolloutId: run.status.rolloutId, stage, verdict: verdict.kind, rule: verdict.rule });
  return { kind: 'verdict', verdict };
}

function judgeOnly(ctx: RunContext, progress: BakeProgress, stage: StageKind, final: boolean): GateRead {
  const out = judgeAt(ctx.plan.analysis.judge, ctx.run.judgeVersion)({ samples: [], policy: ctx.plan.analysis, state: progress.judgeState, final });
  progress.judgeState = out.state;
  recordGate(ctx.run, progress.stageIndex, stage, out.verdict);
  return { kind: 'verdict', verdict: out.verdict };
}
