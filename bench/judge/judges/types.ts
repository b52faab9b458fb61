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

export interface BenchJudge<D extends Decision | Promise<Decision> = Decision> {
  name: string;
  /** Minutes of per-minute data this judge needs (Kayenta's lifetime can outlast the scenario). */
  minutesNeeded?: (s: Scenario) => number;
  decide(ctx: JudgeContext): D;
}

/** Any judge of the report, including one that runs the service's own (async) activity code. */
export type AnyBenchJudge = BenchJudge<Decision | Promise<Decision>>;
