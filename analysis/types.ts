// The gate interface every judge implements. Pure: the workflow keeps `state` (plain JSON) between evaluations.
import type { IntervalSample, Verdict } from '../domain/verdict';
import type { AnalysisPolicy } from '../domain/plan';
import type { ArmTotals } from './totals';

export type JudgeState = Record<string, unknown>;

export interface JudgeInput {
  /** Intervals not seen before, oldest first. */
  samples: IntervalSample[];
  policy: AnalysisPolicy;
  /** What this judge returned last time for this gate, or undefined on the first evaluation. */
  state?: JudgeState;
  /** True when this is the last evaluation the stage will make (its bake time is over). */
  final: boolean;
  /**
   * Set in the post-promotion watch, where the baseline serves nothing: the baseline's totals over the rollout's
   * earlier gate reads (same grain), undefined when it has none. Judges before the watch rule ignore it.
   */
  watch?: { history?: ArmTotals };
}

export interface JudgeOutput {
  verdict: Verdict;
  state: JudgeState;
}

export type Judge = (input: JudgeInput) => JudgeOutput;
