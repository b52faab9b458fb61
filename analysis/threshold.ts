// The threshold judge: fixed SLO limits on the candidate's running totals, behind a minimum-sample guard.
// Chosen by `analysis.judge: threshold`; also the hard floor the sequential judge keeps beside its tests.
import type { Verdict } from '../domain/verdict';
import type { Judge, JudgeInput, JudgeOutput } from './types';
import { dataGaps, errorFloorCertain, sloBreaches, sloEvidence } from './slo-floor';
import { addSamples, checkSample, emptyTotals, type Totals } from './totals';

export interface ThresholdState {
  [key: string]: unknown;
  judge: 'threshold';
  totals: Totals;
}

export function readThresholdState(state: JudgeInput['state']): ThresholdState {
  if (state === undefined) return { judge: 'threshold', totals: emptyTotals() };
  if (state.judge !== 'threshold' || typeof state.totals !== 'object' || state.totals === null) {
    throw new Error("state must be the state the threshold judge returned (state.judge === 'threshold')");
  }
  return state as ThresholdState;
}

/** True when the SLO floor alone fails the candidate: a cheap check before building the verdict. */
export function floorFails(totals: Totals, policy: JudgeInput['policy'], dataRules: boolean): boolean {
  const breaches = sloBreaches(totals, policy.slo, dataRules);
  if (breaches.length === 0) return false;
  const enough = totals.candidate.requests >= policy.minRequests && totals.candidate.requests > 0;
  return enough || (breaches.some((b) => b.rule === 'slo.errorRate') && errorFloorCertain(totals, policy));
}

/**
 * The threshold decision on totals; exported so the sequential judge applies the same floor. `dataRules` (threshold 2
 * on): missing latency or baseline data holds the gate, and the 4xx rate is compared with the baseline's.
 */
export function thresholdVerdict(
  totals: Totals,
  input: Pick<JudgeInput, 'policy' | 'final'>,
  dataRules: boolean,
): Verdict {
  const { policy, final } = input;
  const evidence = { ...sloEvidence(totals, policy.slo), minRequests: policy.minRequests, intervals: totals.intervals };
  const breaches = sloBreaches(totals, policy.slo, dataRules);
  const enough = totals.candidate.requests >= policy.minRequests && totals.candidate.requests > 0;
  if (!enough) {
    const floor = breaches.find((b) => b.rule === 'slo.errorRate');
    if (floor && errorFloorCertain(totals, policy)) {
      const reason = `${floor.reason}, even if all ${policy.minRequests} required requests succeed`;
      return { kind: 'fail', rule: floor.rule, reasons: [reason], evidence: { ...evidence, fired: [floor.rule] } };
    }
    const reason = `only ${totals.candidate.requests} candidate requests, fewer than the ${policy.minRequests} required`;
    return { kind: final ? 'inconclusive' : 'continue', rule: 'minRequests', reasons: [reason], evidence };
  }
  if (breaches.length > 0) {
    return {
      kind: 'fail',
      rule: breaches[0].rule,
      reasons: breaches.map((b) => b.reason),
      evidence: { ...evidence, fired: breaches.map((b) => b.rule) },
    };
  }
  const gaps = dataRules ? dataGaps(totals, policy.slo, false) : [];
  if (gaps.length > 0) {
    const kind = final ? 'inconclusive' : 'continue';
    return { kind, rule: 'data.missing', reasons: gaps, evidence: { ...evidence, gaps } };
  }
  const reason = `${totals.candidate.requests} candidate requests within every SLO limit`;
  return { kind: final ? 'pass' : 'continue', rule: 'slo', reasons: [reason], evidence };
}

export function createThresholdJudge({ dataRules }: { dataRules: boolean }): Judge {
  return (input: JudgeInput): JudgeOutput => {
    input.samples.forEach(checkSample);
    const prior = readThresholdState(input.state);
    const totals = addSamples(prior.totals, input.samples);
    return { verdict: thresholdVerdict(totals, input, dataRules), state: { judge: 'threshold', totals } };
  };
}

export const thresholdJudge: Judge = createThresholdJudge({ dataRules: true });
