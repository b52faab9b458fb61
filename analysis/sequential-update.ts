// Folds new intervals into the sequential judge's state: error and latency label e-processes, baseline latency
// history (thresholds for later intervals), running totals, and the restarts scheduled by candidate exposure.
import type { IntervalSample } from '../domain/verdict';
import { addRestart, harmLogE, logSumExp, updateLabelProcess, type LabelConfig } from './label-eprocess';
import { updateLatencyBet } from './latency-bet';
import { addToHistory, latencyEvents } from './latency-events';
import type { SequentialOptions, SequentialState } from './sequential-state';
import { addSamples } from './totals';

/**
 * The share to condition on: the router weight, exact whenever the interval's counts agree with it; the realized
 * share when they do not (mirroring, where a copy rate φ shows up as φ/(1+φ), or a weight that changed mid-interval).
 */
export function shareFor(s: IntervalSample): number {
  const [g, n] = [s.candidate.requests, s.candidate.requests + s.baseline.requests];
  const w = s.candidateShare;
  if (g <= 0 || g >= n) return w;
  const realized = g / n;
  const agrees = Math.abs(realized - w) <= 4 * Math.sqrt((w * (1 - w)) / n) + 0.01;
  return agrees && w > 0 && w < 1 ? w : realized;
}

/** Log of the thresholds' e-value: the plain average over thresholds, valid under any dependence. */
export function latencyLogE(state: Pick<SequentialState, 'latency'>, weights?: number[]): number {
  return logSumExp(state.latency.map((p) => harmLogE(p, weights))) - Math.log(state.latency.length);
}

/**
 * Log of the latency family's e-value: the bucket bet when the source gives request-level detail, the thresholds'
 * average when it gives percentiles. Which one is fixed by the first interval with latency data, so the family stays
 * one e-process.
 */
export function latencyFamilyLogE(
  state: Pick<SequentialState, 'latency' | 'latencyBet' | 'latencySource'>,
  weights?: number[],
): number {
  return state.latencySource === 'request-level' ? state.latencyBet.logE : latencyLogE(state, weights);
}

function sourceOf(sample: IntervalSample): SequentialState['latencySource'] {
  if (sample.candidate.latencyOver?.length && sample.baseline.latencyOver?.length) return 'request-level';
  const hasPercentiles = (c: IntervalSample['candidate']): boolean =>
    c.latencyP99Ms !== undefined || c.latencyP90Ms !== undefined;
  return hasPercentiles(sample.candidate) && hasPercentiles(sample.baseline) ? 'percentiles' : null;
}

function applyRestarts(state: SequentialState, o: SequentialOptions): SequentialState {
  let s = state;
  const w = o.restartWeight / o.restarts;
  while (s.restartsDone < o.restarts && s.totals.candidate.requests >= o.restartBase * 2 ** (s.restartsDone + 1)) {
    s = {
      ...s,
      errors: addRestart(s.errors, w),
      latency: s.latency.map((p) => addRestart(p, w)),
      restartsDone: s.restartsDone + 1,
    };
  }
  return s;
}

function addSample(
  state: SequentialState,
  sample: IntervalSample,
  o: SequentialOptions,
  cfg: LabelConfig,
): SequentialState {
  const rho = shareFor(sample);
  const errors = updateLabelProcess(state.errors, sample.candidate.errors, sample.baseline.errors, rho, cfg);
  const events = latencyEvents(state.history, sample);
  const latency = state.latency.map((p, j) => {
    const e = events[j];
    return e ? updateLabelProcess(p, e.green, e.blue, rho, cfg) : p;
  });
  const thresholdsMs = events.map((e, j) => e?.thresholdMs ?? state.thresholdsMs[j]);
  const latencySource = state.latencySource ?? sourceOf(sample);
  const latencyBet =
    latencySource === 'request-level'
      ? updateLatencyBet(state.latencyBet, sample.candidate, sample.baseline, rho)
      : state.latencyBet;
  const family = { latency, latencyBet, latencySource };
  const latencyHarmMax = Math.max(state.latencyHarmMax, latencyFamilyLogE(family, cfg.harmWeights));
  const next: SequentialState = {
    ...state,
    errors,
    latency,
    latencyBet,
    thresholdsMs,
    latencySource,
    latencyHarmMax,
    history: addToHistory(state.history, sample.baseline),
    totals: addSamples(state.totals, [sample]),
  };
  return applyRestarts(next, o);
}

export function addSamplesSequential(
  state: SequentialState,
  samples: IntervalSample[],
  o: SequentialOptions,
  cfg: LabelConfig,
): SequentialState {
  return samples.reduce((s, sample) => addSample(s, sample, o, cfg), state);
}
