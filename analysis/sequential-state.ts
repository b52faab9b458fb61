// The sequential judge's state (plain JSON, a few hundred numbers at most) and its tuning options.
import type { JudgeState } from './types';
import { logSpace, newLabelProcess, type LabelConfig, type LabelProcess } from './label-eprocess';
import { newLatencyBet, type LatencyBet } from './latency-bet';
import { emptyLatencyHistory, LATENCY_QUANTILES, type LatencyHistory } from './latency-events';
import { emptyTotals, type Totals } from './totals';

export interface SequentialOptions {
  /** Harm tolerance m: the candidate may be this many times worse than the baseline before it is harmful. */
  tolerance: number;
  /** A ratio this bad must be caught with probability 1 − beta (the safety test's null, m_bad). */
  badRatio: number;
  harmGrid: number[];
  /** Prior weight per harm grid ratio (sums to 1); uniform when absent. */
  harmWeights?: number[];
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
  /**
   * Missing or partial latency series (and baselines a relative limit needs) hold the gate instead of passing it, and
   * the 4xx rate is compared with the baseline's. Off in the versions that shipped without them (sequential 1, 2).
   */
  dataRules: boolean;
}

/**
 * The harm prior: 90 % log-uniform over six ratios in [1.5, 4] (from m_bad, the smallest harm that must be caught, to
 * where detection is fast anyway), 5 % each on 6 and 10 as a hedge for gross regressions; 90 % on the process started
 * at time 0. Measured in bench/README.md against the uniform 12-point grid on [1.2, 10] it replaced.
 */
export const DEFAULT_SEQUENTIAL: SequentialOptions = {
  tolerance: 1,
  badRatio: 1.5,
  harmGrid: [...logSpace(1.5, 4, 6), 6, 10],
  harmWeights: [...Array.from({ length: 6 }, () => 0.15), 0.05, 0.05],
  safeGrid: logSpace(0.5, 1, 8),
  errorAlphaShare: 0.5,
  restartWeight: 0.1,
  restarts: 10,
  restartBase: 250,
  dataRules: true,
};

/** The first prior: uniform over 12 log-spaced ratios in [1.2, 10], 80 % on the first start; without the data rules. */
export const UNIFORM_GRID_SEQUENTIAL: SequentialOptions = {
  ...DEFAULT_SEQUENTIAL,
  harmGrid: logSpace(1.2, 10, 12),
  harmWeights: undefined,
  restartWeight: 0.2,
  dataRules: false,
};

export function checkOptions(o: SequentialOptions): SequentialOptions {
  const w = o.harmWeights;
  if (
    w &&
    (w.length !== o.harmGrid.length || w.some((x) => !(x > 0)) || Math.abs(w.reduce((a, b) => a + b, 0) - 1) > 1e-9)
  ) {
    throw new Error('harmWeights must have one positive weight per harmGrid ratio, summing to 1');
  }
  if (o.harmGrid.some((r) => !(r > 1))) throw new Error('harmGrid ratios must be above 1 (alternatives to "no worse")');
  if (!(o.restartWeight >= 0 && o.restartWeight < 1)) throw new Error('restartWeight must be in [0, 1)');
  return o;
}

export interface SequentialState {
  [key: string]: unknown;
  judge: 'sequential';
  totals: Totals;
  errors: LabelProcess;
  latency: LabelProcess[];
  /** The bucket bet, which decides on latency when the source gives request-level detail. */
  latencyBet: LatencyBet;
  /** Largest log e-value the latency family (the bucket bet, or the average over thresholds) has reached. */
  latencyHarmMax: number;
  /** Last latency thresholds used, per quantile, for the evidence. */
  thresholdsMs: (number | null)[];
  /** Fixed by the first interval with latency data: it chooses the latency family's test for the whole gate. */
  latencySource: 'request-level' | 'percentiles' | null;
  history: LatencyHistory;
  restartsDone: number;
}

export function labelConfig(o: SequentialOptions): LabelConfig {
  return {
    tolerance: o.tolerance,
    harmGrid: o.harmGrid.map((g) => g * o.tolerance),
    harmWeights: o.harmWeights,
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
    latencyBet: newLatencyBet(),
    latencyHarmMax: Math.log(cfg.initialWeight),
    thresholdsMs: LATENCY_QUANTILES.map(() => null),
    latencySource: null,
    history: emptyLatencyHistory(),
    restartsDone: 0,
  };
}

/**
 * The options a saved state was built with. A state from before the weighted prior (12 harm ratios: a rollout
 * carried across continue-as-new through an upgrade) goes on with the uniform grid it started on, so its evidence
 * keeps its meaning; anything else is judged with `o`. The decision rules (`dataRules`) are the judge version's.
 */
export function optionsForState(state: JudgeState | undefined, o: SequentialOptions): SequentialOptions {
  const harm = (state as Partial<SequentialState> | undefined)?.errors?.harm;
  if (!Array.isArray(harm) || harm.length === o.harmGrid.length) return o;
  if (harm.length !== UNIFORM_GRID_SEQUENTIAL.harmGrid.length) return o;
  return { ...UNIFORM_GRID_SEQUENTIAL, exposureBudget: o.exposureBudget, dataRules: o.dataRules };
}

/**
 * The judge's state from what the workflow carried. Never throws (the gate would count a throw as a metrics outage
 * for ever): a state this code cannot read starts the evidence afresh, which keeps the tests valid from here on
 * and only costs the evidence gathered so far; `stateReset` says so.
 */
export function readSequentialState(state: JudgeState | undefined, o: SequentialOptions): SequentialState {
  if (state === undefined) return initialState(o);
  const s = state as Partial<SequentialState>;
  const ok =
    s.judge === 'sequential' &&
    Array.isArray(s.errors?.harm) &&
    s.errors.harm.length === o.harmGrid.length &&
    Array.isArray(s.latency) &&
    s.latency.length === LATENCY_QUANTILES.length &&
    typeof s.totals === 'object';
  if (!ok) return { ...initialState(o), stateReset: true };
  // A state saved before the bucket bet existed (an in-flight rollout carried across continue-as-new) starts one.
  return { ...(s as SequentialState), latencyBet: s.latencyBet ?? newLatencyBet(), history: readHistory(s.history) };
}

/**
 * The baseline's latency history; one saved by the first sequential judge (no chosen bounds, exceedances in a map)
 * keeps its percentile sums and chooses its bounds afresh.
 */
function readHistory(history: unknown): LatencyHistory {
  const h = (history ?? {}) as Partial<LatencyHistory>;
  const quantileArray = (value: unknown) => Array.isArray(value) && value.length === LATENCY_QUANTILES.length;
  const current =
    typeof h.overRequests === 'number' &&
    Array.isArray(h.overBounds) &&
    Array.isArray(h.overCounts) &&
    quantileArray(h.chosen) &&
    typeof h.chosenAt === 'number';
  if (current && quantileArray(h.pctSum) && quantileArray(h.pctWeight)) return h as LatencyHistory;
  const sums =
    quantileArray(h.pctSum) && quantileArray(h.pctWeight) ? { pctSum: h.pctSum!, pctWeight: h.pctWeight! } : {};
  return { ...emptyLatencyHistory(), ...sums };
}
