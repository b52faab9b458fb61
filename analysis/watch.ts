// The watch rule (threshold 3, sequential 4): after promotion the baseline serves nothing, so the promoted candidate
// is judged against the baseline's own history in this rollout, beside the inner judge's absolute limits.
import type { AnalysisPolicy } from '../domain/plan';
import type { Verdict } from '../domain/verdict';
import type { Judge, JudgeInput, JudgeState } from './types';
import { addSamples, emptyArm, errorRate, type ArmTotals } from './totals';
import { watchErrorTest, watchLatencyCheck } from './watch-test';

interface WatchState {
  [key: string]: unknown;
  judge: 'watch';
  inner?: JudgeState;
  candidate: ArmTotals;
}

function readWatchState(state: JudgeState | undefined): WatchState {
  if (state === undefined) return { judge: 'watch', candidate: emptyArm() };
  if (state.judge !== 'watch') throw new Error("state must be the state the watch returned (state.judge === 'watch')");
  return state as WatchState;
}

/** Relative limits need a baseline serving beside the candidate; in the watch the history takes their place. */
function withoutRelativeLimits(policy: AnalysisPolicy): AnalysisPolicy {
  const { maxErrorRateIncrease: _e, maxP99LatencyIncreaseMs: _l, ...slo } = policy.slo;
  return { ...policy, slo };
}

function watchVerdict(inner: Verdict, candidate: ArmTotals, history: ArmTotals, input: JudgeInput): Verdict {
  const { policy, final } = input;
  const errors = watchErrorTest(candidate, history, policy.alpha, policy.slo.maxErrorRateIncrease);
  const latency = watchLatencyCheck(candidate, history, policy.slo.maxP99LatencyIncreaseMs);
  const evidence = { ...inner.evidence, watch: { history: { ...history }, errors, latency: latency ?? null } };
  if (inner.kind === 'fail') return { ...inner, evidence };
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  // The e-process is anytime-valid, so it may fail before minRequests; the latency limit waits for it.
  if (errors.fires) {
    const e = Math.exp(Math.min(errors.logE, 700)).toPrecision(3);
    const reason =
      `promoted candidate's error rate ${pct(errorRate(candidate) ?? 0)} exceeds the baseline's earlier ` +
      `${pct(errors.baselineRate)} (bound ${pct(errors.nullRate)}): e-value reached ${e}`;
    return { kind: 'fail', rule: 'watch.errors', reasons: [reason], evidence };
  }
  // Judged once, on the whole watch's mean p99 at its end: a check at every read would multiply the false alarms of
  // a comparison that has no error guarantee (the embedded demo's good release failed it on one noisy 5 s grain).
  const enough = candidate.requests >= policy.minRequests && candidate.requests > 0;
  if (final && enough && latency?.breached) {
    const reason =
      `promoted candidate's p99 ${latency.candidateP99Ms.toFixed(1)} ms is above ${latency.limitMs.toFixed(1)} ms, ` +
      `the limit relative to the baseline's earlier ${latency.baselineP99Ms.toFixed(1)} ms`;
    return { kind: 'fail', rule: 'watch.p99Latency', reasons: [reason], evidence };
  }
  // The history has latency but the candidate's series is partial: the comparison cannot be made, so no pass.
  const partial = history.p99Requests > 0 && candidate.requests > 0 && candidate.p99Requests < candidate.requests;
  if (inner.kind === 'pass' && partial) {
    const without = candidate.requests - candidate.p99Requests;
    const reason =
      `no latency series for ${without} of ${candidate.requests} promoted candidate requests: ` +
      `the watch cannot compare latency`;
    return { kind: final ? 'inconclusive' : 'continue', rule: 'data.missing', reasons: [reason], evidence };
  }
  return { ...inner, evidence };
}

/** `inner` judges the watch on absolute limits; this adds the comparison with the baseline's history. */
export function withWatch(inner: Judge): Judge {
  return (input) => {
    if (input.watch === undefined) return inner(input);
    const prior = readWatchState(input.state);
    const out = inner({ ...input, policy: withoutRelativeLimits(input.policy), state: prior.inner, watch: undefined });
    const candidate = addSamples(
      { intervals: 0, candidate: prior.candidate, baseline: emptyArm() },
      input.samples,
    ).candidate;
    const state: WatchState = { judge: 'watch', inner: out.state, candidate };
    const history = input.watch.history;
    if (history === undefined || history.requests === 0) {
      const evidence = { ...out.verdict.evidence, watch: { history: null } };
      return { verdict: { ...out.verdict, evidence }, state };
    }
    return { verdict: watchVerdict(out.verdict, candidate, history, input), state };
  };
}
