// Running totals of the per-interval counts a judge has seen, kept as plain JSON in the judge's state.
import type { DeploymentCounts, IntervalSample } from '../domain/verdict';

export interface ArmTotals {
  requests: number;
  errors: number;
  /** Sum of requests × p99 over intervals that reported a p99, and those intervals' requests (a weighted mean). */
  p99WeightedMs: number;
  p99Requests: number;
  /** 4xx other than 408/424/429: inputs refused (absent in states saved before it was counted). */
  clientErrors?: number;
}

export interface Totals {
  intervals: number;
  candidate: ArmTotals;
  baseline: ArmTotals;
}

export const emptyArm = (): ArmTotals => ({
  requests: 0,
  errors: 0,
  p99WeightedMs: 0,
  p99Requests: 0,
  clientErrors: 0,
});
export const emptyTotals = (): Totals => ({ intervals: 0, candidate: emptyArm(), baseline: emptyArm() });

function addArm(arm: ArmTotals, counts: DeploymentCounts): ArmTotals {
  const hasP99 = counts.latencyP99Ms !== undefined && Number.isFinite(counts.latencyP99Ms) && counts.requests > 0;
  return {
    requests: arm.requests + counts.requests,
    errors: arm.errors + counts.errors,
    p99WeightedMs: arm.p99WeightedMs + (hasP99 ? counts.requests * (counts.latencyP99Ms as number) : 0),
    p99Requests: arm.p99Requests + (hasP99 ? counts.requests : 0),
    clientErrors: (arm.clientErrors ?? 0) + (counts.clientErrors ?? 0),
  };
}

export function addSamples(totals: Totals, samples: IntervalSample[]): Totals {
  return samples.reduce<Totals>(
    (t, s) => ({
      intervals: t.intervals + 1,
      candidate: addArm(t.candidate, s.candidate),
      baseline: addArm(t.baseline, s.baseline),
    }),
    totals,
  );
}

/** The baseline's side of samples added to its history: what the watch compares the promoted candidate with. */
export function addBaselineHistory(history: ArmTotals | undefined, samples: IntervalSample[]): ArmTotals {
  return samples.reduce((arm, s) => addArm(arm, s.baseline), history ?? emptyArm());
}

export const errorRate = (arm: ArmTotals): number | undefined =>
  arm.requests > 0 ? arm.errors / arm.requests : undefined;

export const clientErrorRate = (arm: ArmTotals): number | undefined =>
  arm.requests > 0 ? (arm.clientErrors ?? 0) / arm.requests : undefined;

/** Request-weighted mean of the interval p99s: Azure Monitor gives no way to merge percentiles exactly. */
export const meanP99 = (arm: ArmTotals): number | undefined =>
  arm.p99Requests > 0 ? arm.p99WeightedMs / arm.p99Requests : undefined;

/** Rejects counts that cannot be right, naming the field and the rule. */
export function checkSample(sample: IntervalSample, index: number): void {
  const share = sample.candidateShare;
  if (!(share >= 0 && share <= 1))
    throw new Error(`samples[${index}].candidateShare must be between 0 and 1, got ${share}`);
  for (const arm of ['baseline', 'candidate'] as const) {
    const c = sample[arm];
    if (!(Number.isFinite(c.requests) && c.requests >= 0)) {
      throw new Error(`samples[${index}].${arm}.requests must be a non-negative number, got ${c.requests}`);
    }
    if (!(Number.isFinite(c.errors) && c.errors >= 0 && c.errors <= c.requests)) {
      throw new Error(
        `samples[${index}].${arm}.errors must be between 0 and requests (${c.requests}), got ${c.errors}`,
      );
    }
    const ce = c.clientErrors ?? 0;
    if (!(Number.isFinite(ce) && ce >= 0 && ce + c.errors <= c.requests)) {
      throw new Error(`samples[${index}].${arm}.clientErrors must be between 0 and requests minus errors, got ${ce}`);
    }
  }
}
