// The sequential judge's state (plain JSON, a few hundred numbers at most) and its tuning options.
import type { JudgeState } from './types';
import { logSpace, newLabelProcess, type LabelConfig, type LabelProcess } from './label-eprocess';
import { emptyLatencyHistory, LATENCY_QUANTILES, type LatencyHistory } from './latency-events';
import { emptyTotals, type Totals } from './totals';

export interface SequentialOptions {
  /** Harm tolerance m: the candidate may be this many times worse than the baseline before it is harmful. */
  tolerance: number;
  /** A ratio this bad must be caught with probability 1 − beta (the safety test's null, m_bad). */
  badRatio: number;
  harmGrid: number[];
  safeGrid: number[];
  /** Share of alpha spent on errors; the rest on latency. */
  errorAlphaShare: number;
  /** Prior weight kept by restarts of the harm test (for slow leaks), spread over `restarts` start points. */
  restartWeight: number;
  restarts: number;
  /** Restart j starts when candidate requests first reach restartBase × 2^j. */
  restartBase: number;
  /** Candidate requests after which, with no harm found, the judge passes ("no harm detected at level alpha"). */
  exposureBudget?: number;
}

export const DEFAULT_SEQUENTIAL: SequentialOptions = {
  tolerance: 1,
  badRatio: 1.5,
  harmGrid: logSpace(1.2, 10, 12),
  safeGrid: logSpace(0.5, 1, 8),
  errorAlphaShare: 0.5,
  restartWeight: 0.2,
  restarts: 10,
  restartBase: 250,
};

export interface SequentialState {
  [key: string]: unknown;
  judge: 'sequential';
  totals: Totals;
  errors: LabelProcess;
  latency: LabelProcess[];
  /** Largest log e-value the latency family (average over thresholds) has reached. */
  latencyHarmMax: number;
  /** Last latency thresholds used, per quantile, for the evidence. */
  thresholdsMs: (number | null)[];
  latencySource: 'request-level' | 'percentiles' | null;
  history: LatencyHistory;
  restartsDone: number;
}

export function labelConfig(o: SequentialOptions): LabelConfig {
  return {
    tolerance: o.tolerance,
    harmGrid: o.harmGrid.map((g) => g * o.tolerance),
    badRatio: o.badRatio,
    safeGrid: o.safeGrid,
    initialWeight: 1 - o.restartWeight,
  };
}

export function initialState(o: SequentialOptions): SequentialState {
  const cfg = labelConfig(o);
  return {
    judge: 'sequential',
    totals: emptyTotals(),
    errors: newLabelProcess(cfg),
    latency: LATENCY_QUANTILES.map(() => newLabelProcess(cfg)),
    latencyHarmMax: Math.log(cfg.initialWeight),
    thresholdsMs: LATENCY_QUANTILES.map(() => null),
    latencySource: null,
    history: emptyLatencyHistory(),
    restartsDone: 0,
  };
}

export function readSequentialState(state: JudgeState | undefined, o: SequentialOptions): SequentialState {
  if (state === undefined) return initialState(o);
  const s = state as Partial<SequentialState>;
  const ok = s.judge === 'sequential' && Array.isArray(s.errors?.harm) && s.errors.harm.length === o.harmGrid.length
    && Array.isArray(s.latency) && s.latency.length === LATENCY_QUANTILES.length && typeof s.totals === 'object';
  if (!ok) throw new Error("state must be the state the sequential judge returned (state.judge === 'sequential')");
  return s as SequentialState;
}
