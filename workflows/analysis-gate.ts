// One gate evaluation: read the metrics since the last read, feed the new samples and the judge's prior state to
// the plan's judge, record the verdict with its evidence. A metrics failure is not a verdict: it is counted.
// The metrics provider reads whole grains only, up to the last one older than the ingestion lag, and returns the
// grains it read: the cursor moves to the end of the last one, so every grain is judged exactly once. A grain taken
// as missing data (the candidate had weight, nothing arrived within the bounded wait) never lets the gate pass.
import { isCancellation, log } from '@temporalio/workflow';
import { addBaselineHistory, judgeAt, type JudgeInput } from '../analysis';
import type { StageKind } from '../domain/plan';
import type { IntervalSample, Verdict } from '../domain/verdict';
import type { MetricsRead } from '../activities/types';
import type { RunContext } from './context';
import { addEvent, recordGate, type BakeProgress } from './state';
import { durationMs } from '../domain/duration';
import { describeFailure } from './failure';

/** `pending`: complete grains of the bake are still waiting for the ingestion lag (the judge was told not final). */
export type GateRead =
  { kind: 'verdict'; verdict: Verdict; pending?: boolean } | { kind: 'providerError'; error: string };

export async function evaluateGate(
  ctx: RunContext,
  progress: BakeProgress,
  stage: StageKind,
  candidateShare: number,
  final: boolean,
): Promise<GateRead> {
  const { run, plan } = ctx;
  const lagMs = plan.analysis.metricsLag ? durationMs(plan.analysis.metricsLag) : 0;
  if (Date.now() - lagMs <= Date.parse(progress.cursor)) {
    // Nothing ingested since the last read yet (a lag longer than the interval): judge no new samples.
    return judgeOnly(ctx, progress, stage, final);
  }
  let verdict: Verdict;
  let samples: IntervalSample[];
  let pending: boolean;
  try {
    ({ samples, pending } = readOf(
      await ctx.acts.metrics.queryMetrics({
        target: ctx.target,
        baseline: run.status.baseline,
        candidate: run.status.candidate,
        start: progress.cursor,
        end: new Date(Date.now()).toISOString(),
        candidateShare,
        lagMs: lagMs || undefined,
        dueBy: final ? (progress.dueBy ??= new Date(Date.now()).toISOString()) : undefined,
      }),
    ));
    // At the end of the bake, grains it served that are not ingested yet are waited for: not final yet.
    const out = judgeAt(
      plan.analysis.judge,
      run.judgeVersion,
    )({
      samples,
      policy: plan.analysis,
      state: progress.judgeState,
      final: final && !pending,
      watch: watchOf(ctx, stage),
    });
    progress.judgeState = out.state;
    verdict = withReadEvidence(out.verdict, samples, stage);
  } catch (error) {
    // The rollout was cancelled (or a rollback requested) while the read was in flight: not a metrics outage.
    if (isCancellation(error)) throw error;
    progress.providerErrors += 1;
    const message = describeFailure(error);
    log.warn('metrics unavailable', { rolloutId: run.status.rolloutId, stage, errors: progress.providerErrors });
    addEvent(run, {
      type: 'metrics.unavailable',
      actor: 'system',
      reason: message,
      details: { stageIndex: progress.stageIndex, consecutive: progress.providerErrors },
    });
    return { kind: 'providerError', error: message };
  }
  if (samples.length > 0) progress.cursor = samples[samples.length - 1].end;
  // Before promotion every read adds the baseline's side to its history: what the watch compares the candidate with.
  if (stage !== 'promote' && samples.length > 0) run.baselineHistory = addBaselineHistory(run.baselineHistory, samples);
  progress.providerErrors = 0;
  const missing = samples.filter((sample) => sample.missing);
  if (missing.length > 0) progress.missingGrains = (progress.missingGrains ?? 0) + missing.length;
  if (missing.length > 0 || (verdict.kind === 'pass' && (progress.missingGrains ?? 0) > 0)) {
    verdict = missingData(verdict, missing, progress.missingGrains ?? 0);
  }
  if (missing.length > 0) {
    addEvent(run, {
      type: 'metrics.missing',
      actor: 'system',
      reason: verdict.reasons[verdict.reasons.length - 1],
      details: {
        stageIndex: progress.stageIndex,
        grains: missing.map((sample) => sample.start),
        inBake: progress.missingGrains,
      },
    });
  }
  recordGate(run, progress.stageIndex, stage, verdict);
  log.info('gate verdict', { rolloutId: run.status.rolloutId, stage, verdict: verdict.kind, rule: verdict.rule });
  return { kind: 'verdict', verdict, pending: final && pending };
}

/** In the post-promotion watch, the baseline's history for the judge (judges before the watch rule ignore it). */
function watchOf(ctx: RunContext, stage: StageKind): JudgeInput['watch'] {
  return stage === 'promote' ? { history: ctx.run.baselineHistory } : undefined;
}

/** Results recorded before MetricsRead existed are bare sample arrays, read to their end. */
function readOf(result: MetricsRead | IntervalSample[]): MetricsRead {
  return Array.isArray(result) ? { samples: result, pending: false } : result;
}

/** The grains this gate read, so the evidence shows what was counted: every grain once, in order. */
function withReadEvidence(verdict: Verdict, samples: IntervalSample[], stage: StageKind): Verdict {
  const count = (arm: 'baseline' | 'candidate') => samples.reduce((sum, sample) => sum + sample[arm].requests, 0);
  const clientErrors = (arm: 'baseline' | 'candidate') =>
    samples.reduce((sum, sample) => sum + (sample[arm].clientErrors ?? 0), 0);
  const read =
    samples.length === 0
      ? { grains: 0 }
      : {
          grains: samples.length,
          start: samples[0].start,
          end: samples[samples.length - 1].end,
          baselineRequests: count('baseline'),
          candidateRequests: count('candidate'),
          baselineClientErrors: clientErrors('baseline'),
          candidateClientErrors: clientErrors('candidate'),
          // While mirroring, the candidate's numbers are its mirrored copies as Azure Monitor attributes them: under the
          // shadow deployment's name in the endpoint metrics' `deployment` dimension (emulator/README.md, "Mirrored requests").
          candidateData: stage === 'mirror' ? 'mirrored copies, by the deployment dimension' : 'live requests',
        };
  return { ...verdict, evidence: { ...verdict.evidence, read } };
}

/**
 * Missing grains (in this read, or earlier in the bake): a pass or a continue becomes inconclusive; a fail stands
 * (the data that did arrive already condemns).
 */
function missingData(verdict: Verdict, missing: IntervalSample[], inBake: number): Verdict {
  const reason =
    `no candidate data arrived for ${inBake} grain(s) of this bake in which it had traffic weight` +
    `${missing.length > 0 ? ` (this read from ${missing[0].start})` : ''}: missing data, not zero requests`;
  if (verdict.kind === 'fail') return verdict;
  return {
    kind: 'inconclusive',
    rule: 'metrics.missing',
    reasons: [...verdict.reasons, reason],
    evidence: {
      ...verdict.evidence,
      missingGrains: missing.map((sample) => sample.start),
      missingInBake: inBake,
      judged: verdict.kind,
    },
  };
}

function judgeOnly(ctx: RunContext, progress: BakeProgress, stage: StageKind, final: boolean): GateRead {
  const out = judgeAt(
    ctx.plan.analysis.judge,
    ctx.run.judgeVersion,
  )({ samples: [], policy: ctx.plan.analysis, state: progress.judgeState, final, watch: watchOf(ctx, stage) });
  progress.judgeState = out.state;
  recordGate(ctx.run, progress.stageIndex, stage, out.verdict);
  return { kind: 'verdict', verdict: out.verdict };
}
