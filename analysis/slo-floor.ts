// The SLO hard floor: absolute and baseline-relative limits from the plan's analysis.slo, checked on running totals.
// Shared by the threshold judge and, beside its e-processes, the sequential judge.
import type { AnalysisPolicy } from '../domain/plan';
import { clientErrorRate, errorRate, meanP99, type ArmTotals, type Totals } from './totals';

export type SloRule =
  | 'slo.errorRate'
  | 'slo.errorRateIncrease'
  | 'slo.p99Latency'
  | 'slo.p99LatencyIncrease'
  | 'slo.clientErrorRateIncrease';

/** The candidate's 4xx rate may exceed the baseline's by this much when the plan does not say. */
export const DEFAULT_MAX_CLIENT_ERROR_RATE_INCREASE = 0.05;
/** One-sided z for the 4xx comparison: the increase must be clear of sampling noise (about 1 in 1000). */
const CLIENT_ERROR_Z = 3.09;

export interface SloBreach {
  rule: SloRule;
  observed: number;
  limit: number;
  reason: string;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/**
 * Every limit the candidate's totals break. The caller decides whether enough requests back them. `dataRules`: the
 * judge versions that compare 4xx rates (older ones must keep their verdicts).
 */
export function sloBreaches(totals: Totals, slo: AnalysisPolicy['slo'], dataRules: boolean): SloBreach[] {
  const out: SloBreach[] = [];
  const candRate = errorRate(totals.candidate);
  const baseRate = errorRate(totals.baseline);
  if (candRate !== undefined && candRate > slo.maxErrorRate) {
    out.push({
      rule: 'slo.errorRate',
      observed: candRate,
      limit: slo.maxErrorRate,
      reason: `candidate error rate ${pct(candRate)} is above the SLO limit ${pct(slo.maxErrorRate)}`,
    });
  }
  const errorIncrease = increaseBreach(
    'slo.errorRateIncrease',
    candRate,
    baseRate,
    slo.maxErrorRateIncrease,
    (inc, limit) => `candidate error rate exceeds the baseline's by ${pct(inc)}, more than the allowed ${pct(limit)}`,
  );
  if (errorIncrease) out.push(errorIncrease);
  const candP99 = meanP99(totals.candidate);
  const baseP99 = meanP99(totals.baseline);
  if (slo.maxP99LatencyMs !== undefined && candP99 !== undefined && candP99 > slo.maxP99LatencyMs) {
    out.push({
      rule: 'slo.p99Latency',
      observed: candP99,
      limit: slo.maxP99LatencyMs,
      reason: `candidate p99 latency ${candP99.toFixed(1)} ms is above the SLO limit ${slo.maxP99LatencyMs} ms`,
    });
  }
  const latencyIncrease = increaseBreach(
    'slo.p99LatencyIncrease',
    candP99,
    baseP99,
    slo.maxP99LatencyIncreaseMs,
    (inc, limit) =>
      `candidate p99 latency exceeds the baseline's by ${inc.toFixed(1)} ms, more than the allowed ${limit} ms`,
  );
  if (latencyIncrease) out.push(latencyIncrease);
  const client = dataRules ? clientErrorBreach(totals, slo) : undefined;
  if (client) out.push(client);
  return out;
}

/** A relative limit: the candidate above the baseline by more than `limit`; both sides' data needed. */
function increaseBreach(
  rule: SloRule,
  candidate: number | undefined,
  baseline: number | undefined,
  limit: number | undefined,
  describe: (increase: number, limit: number) => string,
): SloBreach | undefined {
  if (limit === undefined || candidate === undefined || baseline === undefined) return undefined;
  const inc = candidate - baseline;
  if (!(inc > limit)) return undefined;
  return { rule, observed: inc, limit, reason: describe(inc, limit) };
}

/**
 * A candidate that refuses what the baseline accepts: its 4xx rate above the baseline's on the same traffic by more
 * than the limit, with the increase over the limit clear of sampling noise (a one-sided z test on the two rates).
 */
function clientErrorBreach(totals: Totals, slo: AnalysisPolicy['slo']): SloBreach | undefined {
  const cand = clientErrorRate(totals.candidate);
  const base = clientErrorRate(totals.baseline);
  if (cand === undefined || base === undefined) return undefined;
  const limit = slo.maxClientErrorRateIncrease ?? DEFAULT_MAX_CLIENT_ERROR_RATE_INCREASE;
  const inc = cand - base;
  const variance = (p: number, n: number) => (p * (1 - p)) / n;
  const se = Math.sqrt(variance(cand, totals.candidate.requests) + variance(base, totals.baseline.requests));
  if (!(inc > limit && inc - limit > CLIENT_ERROR_Z * se)) return undefined;
  return {
    rule: 'slo.clientErrorRateIncrease',
    observed: inc,
    limit,
    reason:
      `candidate refuses inputs the baseline accepts: its 4xx rate ${pct(cand)} exceeds the baseline's ` +
      `${pct(base)} ` +
      `by ${pct(inc)}, more than the allowed ${pct(limit)}`,
  };
}

/**
 * Latency or baseline data the policy needs but did not get: a gate never passes on a limit it could not check.
 * `compareLatency`: the judge compares latency with the baseline whenever the baseline has traffic (sequential).
 */
export function dataGaps(totals: Totals, slo: AnalysisPolicy['slo'], compareLatency: boolean): string[] {
  const out: string[] = [];
  const partial = (arm: ArmTotals) => arm.requests > 0 && arm.p99Requests < arm.requests;
  const { candidate, baseline } = totals;
  const needCandidateLatency =
    slo.maxP99LatencyMs !== undefined || slo.maxP99LatencyIncreaseMs !== undefined || compareLatency;
  if (needCandidateLatency && partial(candidate)) {
    const without = candidate.requests - candidate.p99Requests;
    out.push(
      `no latency series for ${without} of ${candidate.requests} candidate requests` +
        (slo.maxP99LatencyMs !== undefined ? `: maxP99LatencyMs ${slo.maxP99LatencyMs} ms cannot be checked` : ''),
    );
  }
  if (slo.maxP99LatencyIncreaseMs !== undefined && candidate.requests > 0 && baseline.requests === 0) {
    out.push("no baseline requests: maxP99LatencyIncreaseMs needs the baseline's latency");
  }
  if ((slo.maxP99LatencyIncreaseMs !== undefined || compareLatency) && partial(baseline)) {
    const without = baseline.requests - baseline.p99Requests;
    out.push(`no latency series for ${without} of ${baseline.requests} baseline requests`);
  }
  if (slo.maxErrorRateIncrease !== undefined && candidate.requests > 0 && baseline.requests === 0) {
    out.push("no baseline requests: maxErrorRateIncrease needs the baseline's error rate");
  }
  return out;
}

/**
 * True when the candidate's errors already break the absolute error-rate limit even if every request still needed
 * to reach minRequests succeeds: the one floor failure allowed before the minimum-sample guard is met.
 */
export function errorFloorCertain(totals: Totals, policy: AnalysisPolicy): boolean {
  const denominator = Math.max(policy.minRequests, totals.candidate.requests);
  return denominator > 0 && totals.candidate.errors / denominator > policy.slo.maxErrorRate;
}

export function sloEvidence(totals: Totals, slo: AnalysisPolicy['slo']): Record<string, unknown> {
  return {
    candidate: armEvidence(totals.candidate),
    baseline: armEvidence(totals.baseline),
    slo: { ...slo },
  };
}

function armEvidence(arm: ArmTotals): Record<string, unknown> {
  return {
    requests: arm.requests,
    errors: arm.errors,
    errorRate: errorRate(arm) ?? null,
    p99Ms: meanP99(arm) ?? null,
    clientErrors: arm.clientErrors ?? 0,
    clientErrorRate: clientErrorRate(arm) ?? null,
    latencyCoverage: arm.requests > 0 ? arm.p99Requests / arm.requests : null,
  };
}
