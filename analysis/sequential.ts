// The sequential judge: anytime-valid harm tests on error and latency events (α split between them) roll back, the
// safety tests or the exposure budget promote, the SLO floor of the threshold judge stays beside them as a hard limit.
import type { Verdict } from '../domain/verdict';
import type { Judge, JudgeInput } from './types';
import { harmLogE, safeLogE } from './label-eprocess';
import {
  checkOptions,
  DEFAULT_SEQUENTIAL,
  labelConfig,
  optionsForState,
  readSequentialState,
  type SequentialOptions,
  type SequentialState,
} from './sequential-state';
import { addSamplesSequential, latencyLogE } from './sequential-update';
import { progressEvidence, sequentialEvidence } from './sequential-evidence';
import { floorFails, thresholdVerdict } from './threshold';
import { dataGaps } from './slo-floor';
import { checkSample } from './totals';

interface Findings {
  errorHarm: boolean;
  latencyHarm: boolean;
  errorSafe: boolean;
  latencySafe: boolean;
  latencyActive: boolean;
}

function findings(s: SequentialState, input: JudgeInput, o: SequentialOptions): Findings {
  const { alpha, beta } = input.policy;
  const safeBar = Math.log(1 / beta);
  const active = s.latency.filter((p) => p.green + p.blue > 0);
  return {
    errorHarm: s.errors.harmMax >= Math.log(1 / (alpha * o.errorAlphaShare)),
    latencyHarm: s.latencyHarmMax >= Math.log(1 / (alpha * (1 - o.errorAlphaShare))),
    errorSafe: safeLogE(s.errors) >= safeBar,
    latencyActive: active.length > 0,
    latencySafe:
      active.length === 0 || (active.length === s.latency.length && active.every((p) => safeLogE(p) >= safeBar)),
  };
}

function decide(s: SequentialState, input: JudgeInput, o: SequentialOptions): Omit<Verdict, 'evidence'> {
  const n = s.totals.candidate.requests;
  const enough = n >= input.policy.minRequests && n > 0;
  const f = findings(s, input, o);
  const e = (x: number): string => Math.exp(Math.min(x, 700)).toPrecision(3);
  // The error harm test is anytime-valid, so it may roll back before the minimum sample; latency events may be
  // estimated from percentiles (no exact guarantee), so they wait for it. The guard holds back every pass.
  const latencyHarm = enough && f.latencyHarm;
  if (f.errorHarm || latencyHarm) {
    const reasons = [
      ...(f.errorHarm ? [`candidate errors exceed the baseline's: e-value reached ${e(s.errors.harmMax)}`] : []),
      ...(latencyHarm ? [`candidate is slower than the baseline: latency e-value reached ${e(s.latencyHarmMax)}`] : []),
    ];
    return { kind: 'fail', rule: f.errorHarm ? 'harm.errors' : 'harm.latency', reasons };
  }
  if (!enough) {
    const reason = `only ${n} candidate requests, fewer than the ${input.policy.minRequests} required`;
    return { kind: input.final ? 'inconclusive' : 'continue', rule: 'minRequests', reasons: [reason] };
  }
  // A pass needs every series the policy reads: latency for both sides (the judge compares them), baselines for
  // relative limits. Missing or partial series hold the gate (inconclusive at the end), never pass it.
  const gaps = o.dataRules ? dataGaps(s.totals, input.policy.slo, true) : [];
  const budget = o.exposureBudget !== undefined && n >= o.exposureBudget;
  const wouldPass = (f.errorSafe && f.latencySafe) || budget || input.final;
  if (wouldPass && gaps.length > 0) {
    return { kind: input.final ? 'inconclusive' : 'continue', rule: 'data.missing', reasons: gaps };
  }
  if (f.errorSafe && f.latencySafe) {
    const what = f.latencyActive ? 'errors and latency' : 'errors (no latency data)';
    return {
      kind: 'pass',
      rule: 'safety',
      reasons: [`evidence that the candidate is not ${o.badRatio}x worse on ${what}`],
    };
  }
  if (budget || input.final) {
    const reason = `no harm detected at level ${input.policy.alpha} over ${n} candidate requests`;
    return { kind: 'pass', rule: 'budget', reasons: [reason] };
  }
  return { kind: 'continue', rule: 'sequential', reasons: [`no decision yet after ${n} candidate requests`] };
}

export function createSequentialJudge(options: Partial<SequentialOptions> = {}): Judge {
  const current: SequentialOptions = checkOptions({ ...DEFAULT_SEQUENTIAL, ...options });
  const currentCfg = labelConfig(current);
  return (input) => {
    input.samples.forEach(checkSample);
    // A state keeps the prior it started with (optionsForState): the judge version is pinned by its state.
    const o = optionsForState(input.state, current);
    const cfg = o === current ? currentCfg : labelConfig(checkOptions(o));
    const state = addSamplesSequential(readSequentialState(input.state, o), input.samples, o, cfg);
    const floor = floorFails(state.totals, input.policy, o.dataRules)
      ? thresholdVerdict(state.totals, input, o.dataRules)
      : undefined;
    if (floor?.kind === 'fail') {
      return {
        verdict: { ...floor, evidence: { ...sequentialEvidence(state, input.policy, o), floor: floor.evidence } },
        state,
      };
    }
    const verdict = decide(state, input, o);
    const evidence =
      verdict.kind === 'continue' ? progressEvidence(state, o.harmWeights) : sequentialEvidence(state, input.policy, o);
    return { verdict: { ...verdict, evidence }, state };
  };
}

export const sequentialJudge: Judge = createSequentialJudge();
export { harmLogE, latencyLogE };
