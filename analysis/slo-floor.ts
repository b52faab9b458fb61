// The SLO hard floor: absolute and baseline-relative limits from the plan's analysis.slo, checked on running totals.
// Shared by the threshold judge and, beside its e-processes, the sequential judge.
import type { AnalysisPolicy } from '../domain/plan';
import { errorRate, meanP99, type Totals } from './totals';

export type SloRule = 'slo.errorRate' | 'slo.errorRateIncrease' | 'slo.p99Latency' | 'slo.p99LatencyIncrease';

export interface SloBreach {
  rule: SloRule;
  observed: number;
  limit: number;
  reason: string;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/** Every limit the candidate's totals break. The caller decides whether enough requests back them. */
export function sloBreaches(totals: Totals, slo: AnalysisPolicy['slo']): SloBreach[] {
  const out: SloBreach[] = [];
  const candRate = errorRate(totals.candidate);
  const baseRate = errorRate(totals.baseline);
  if (candRate !== undefined && candRate > slo.maxErrorRate) {
    out.push({ rule: 'slo.errorRate', observed: candRate, limit: slo.maxErrorRate,
      reason: `candidate error rate ${pct(candRate)} is above the SLO limit ${pct(slo.maxErrorRate)}` });
  }
  if (slo.maxErrorRateIncrease !== undefined && candRate !== undefined && baseRate !== undefined) {
    const inc = candRate - baseRate;
    if (inc > slo.maxErrorRateIncrease) {
      out.push({ rule: 'slo.errorRateIncrease', observed: inc, limit: slo.maxErrorRateIncrease,
        reason: `candidate error rate exceeds the baseline's by ${pct(inc)}, more than the allowed ${pct(slo.maxErrorRateIncrease)}` });
    }
  }
  const candP99 = meanP99(totals.candidate);
  const baseP99 = meanP99(totals.baseline);
  if (slo.maxP99LatencyMs !== undefined && candP99 !== undefined && candP99 > slo.maxP99LatencyMs) {
    out.push({ rule: 'slo.p99Latency', observed: candP99, limit: slo.maxP99LatencyMs,
      reason: `candidate p99 latency ${candP99.toFixed(1)} ms is above the SLO limit ${slo.maxP99LatencyMs} ms` });
  }
  if (slo.maxP99LatencyIncreaseMs !== undefined && candP99 !== undefined && baseP99 !== undefined) {
    const inc = candP99 - baseP99;
    if (inc > slo.maxP99LatencyIncreaseMs) {
      out.push({ rule: 'slo.p99LatencyIncrease', observed: inc, limit: slo.maxP99LatencyIncreaseMs,
        reason: `candidate p99 latency exceeds the baseline's by ${inc.toFixed(1)} ms, more than the allowed ${slo.maxP99LatencyIncreaseMs} ms` });
    }
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
    candidate: { requests: totals.candidate.requests, errors: totals.candidate.errors,
      errorRate: errorRate(totals.candidate) ?? null, p99Ms: meanP99(totals.candidate) ?? null },
    baseline: { requests: totals.baseline.requests, errors: totals.baseline.errors,
      errorRate: errorRate(totals.baseline) ?? null, p99Ms: meanP99(totals.baseline) ?? null },
    slo: { ...slo },
  };
}
