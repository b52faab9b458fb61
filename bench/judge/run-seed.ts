// One seed of one scenario: simulate once, run every judge on that same stream, measure each one's exposure.
import { JUDGES } from './judges';
import type { DecisionKind } from './judges/types';
import { simulate, type SimRun } from './simulate';
import type { Scenario } from './scenario';

export interface Outcome {
  kind: DecisionKind;
  atS: number;
  /** Green live requests served before the decision. */
  exposure: number;
}

/** Green requests served in [0, atS): per-second ticks within the scenario, per-minute counts beyond it. */
export function exposureUntil(run: SimRun, atS: number): number {
  let total = 0;
  const ticks = Math.min(atS, run.seconds);
  for (let t = 0; t < ticks; t++) total += run.ticks.green.n[t];
  for (let m = Math.floor(run.seconds / 60); m < Math.floor(atS / 60); m++) total += run.minutes.green.n[m];
  return total;
}

export function minutesNeeded(s: Scenario): number {
  return Math.max(Math.ceil(s.durationS / 60), ...JUDGES.map((j) => j.minutesNeeded?.(s) ?? 0));
}

/**
 * A rollback ends the exposure. A bad release that is promoted, or still running when the run ends, goes on serving
 * (at full traffic once promoted), so it counts at least every green request of the run.
 */
export function exposureOf(scenario: Scenario, run: SimRun, d: { kind: DecisionKind; atS: number }): number {
  const until = d.kind === 'rollback' || !scenario.bad ? d.atS : Math.max(d.atS, run.seconds);
  return exposureUntil(run, until);
}

export async function runSeed(scenario: Scenario, seed: number): Promise<Outcome[]> {
  const run = simulate(scenario, seed, minutesNeeded(scenario));
  const outcomes: Outcome[] = [];
  for (const judge of JUDGES) {
    const d = await judge.decide({ scenario, seed, run });
    outcomes.push({ ...d, exposure: exposureOf(scenario, run, d) });
  }
  return outcomes;
}
