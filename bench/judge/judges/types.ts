// What every benchmark judge gets (one simulated stream) and returns (its decision and when it made it).
import type { SimRun } from '../simulate';
import type { Scenario } from '../scenario';

export type DecisionKind = 'rollback' | 'promote' | 'none';

export interface Decision {
  kind: DecisionKind;
  /** Seconds from the start of the analysis to the decision (the end of the run for 'none'). */
  atS: number;
}

export interface JudgeContext {
  scenario: Scenario;
  seed: number;
  run: SimRun;
}

export interface BenchJudge {
  name: string;
  /** Minutes of per-minute data this judge needs (Kayenta's lifetime can outlast the scenario). */
  minutesNeeded?: (s: Scenario) => number;
  decide(ctx: JudgeContext): Decision;
}
