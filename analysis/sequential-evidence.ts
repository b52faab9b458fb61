// What the sequential judge reports with each verdict: counts, thresholds, e-values and anytime p-values.
import type { AnalysisPolicy } from '../domain/plan';
import { harmLogE, safeLogE, type LabelProcess } from './label-eprocess';
import { LATENCY_QUANTILES } from './latency-events';
import type { SequentialOptions, SequentialState } from './sequential-state';
import { stakes } from './latency-bet';
import { latencyFamilyLogE } from './sequential-update';
import { sloEvidence } from './slo-floor';

/** Six significant digits, without the cost of toPrecision on every evaluation. */
function sig(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const scale = 10 ** (5 - Math.floor(Math.log10(Math.abs(x))));
  return Math.round(x * scale) / scale;
}
const ev = (logE: number): number => sig(Math.exp(Math.min(logE, 700)));
const round = (x: number): number => Math.round(x * 1000) / 1000;

function processEvidence(p: LabelProcess, w?: number[]): Record<string, unknown> {
  return {
    greenEvents: round(p.green),
    blueEvents: round(p.blue),
    eValue: ev(harmLogE(p, w)),
    maxEValue: ev(p.harmMax),
    pValue: Math.min(1, ev(-p.harmMax)),
    safetyEValue: ev(safeLogE(p)),
  };
}

/** Per bucket of the source's histogram: its upper bound, both sides' requests, and the stake at the gate's share so far. */
function betEvidence(s: SequentialState): Record<string, unknown> {
  const b = s.latencyBet;
  const [g, n] = [s.totals.candidate.requests, s.totals.candidate.requests + s.totals.baseline.requests];
  const next = g > 0 && g < n ? stakes(b, g / n) : b.green.map(() => 0);
  return {
    eValue: ev(b.logE),
    maxEValue: ev(b.logEMax),
    buckets: b.green.map((g, k) => ({
      upToMs: k < b.boundsMs.length ? b.boundsMs[k] : null,
      green: g,
      blue: b.blue[k],
      stake: round(next[k]),
    })),
  };
}

export function sequentialEvidence(
  s: SequentialState,
  policy: AnalysisPolicy,
  o: SequentialOptions,
): Record<string, unknown> {
  const errorAlpha = policy.alpha * o.errorAlphaShare;
  const latencyAlpha = policy.alpha - errorAlpha;
  return {
    ...sloEvidence(s.totals, policy.slo),
    minRequests: policy.minRequests,
    intervals: s.totals.intervals,
    errors: {
      ...processEvidence(s.errors, o.harmWeights),
      alpha: errorAlpha,
      harmThreshold: 1 / errorAlpha,
      safetyThreshold: 1 / policy.beta,
    },
    latency: {
      source: s.latencySource,
      alpha: latencyAlpha,
      harmThreshold: 1 / latencyAlpha,
      safetyThreshold: 1 / policy.beta,
      test: s.latencySource === 'request-level' ? 'bucket bet' : 'thresholds',
      eValue: ev(latencyFamilyLogE(s, o.harmWeights)),
      maxEValue: ev(s.latencyHarmMax),
      pValue: Math.min(1, ev(-s.latencyHarmMax)),
      thresholds: LATENCY_QUANTILES.map((q, j) => ({
        quantile: q,
        thresholdMs: s.thresholdsMs[j] === null ? null : round(s.thresholdsMs[j] as number),
        ...processEvidence(s.latency[j], o.harmWeights),
      })),
      ...(s.latencySource === 'request-level' ? { bucketBet: betEvidence(s) } : {}),
    },
    tolerance: o.tolerance,
    badRatio: o.badRatio,
    restarts: s.restartsDone,
  };
}

/** The short form kept with 'continue' verdicts, which come every interval: counts and the e-values so far. */
export function progressEvidence(s: SequentialState, w?: number[]): Record<string, unknown> {
  return {
    candidate: { requests: s.totals.candidate.requests, errors: s.totals.candidate.errors },
    baseline: { requests: s.totals.baseline.requests, errors: s.totals.baseline.errors },
    errors: {
      greenEvents: s.errors.green,
      blueEvents: s.errors.blue,
      eValue: Math.exp(Math.min(harmLogE(s.errors, w), 700)),
      safetyEValue: Math.exp(Math.min(safeLogE(s.errors), 700)),
    },
    latency: { source: s.latencySource, eValue: Math.exp(Math.min(latencyFamilyLogE(s, w), 700)) },
  };
}
