// The fixed input set the judge fingerprints are computed over (test/replay/judge-fingerprints.json): sample
// sequences and policies generated from a seed, so a fingerprint changes only when a judge's verdicts do. Never edit
// it: every shipped fingerprint depends on it (a new input set would need new fingerprints for every version). The
// watch set (post-promotion reads with the baseline's history) came with the watch rule: a second fingerprint per
// version, so the first set's fingerprints stay as shipped.
import { createHash } from 'node:crypto';
import { judgeAt, type JudgeKind } from '../../analysis';
import type { Judge, JudgeState } from '../../analysis/types';
import type { AnalysisPolicy } from '../../domain/plan';
import type { DeploymentCounts, IntervalSample } from '../../domain/verdict';

/** A small deterministic generator (LCG, Numerical Recipes constants). */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

interface Arm {
  requests: number;
  errorRate: number;
  p99Ms?: number;
  clientErrorRate?: number;
  /** Request-level detail: a latency histogram with these bounds. */
  histogram?: boolean;
}

interface Scenario {
  candidate: Arm;
  baseline: Arm;
  reads: number;
  /** Grains per read. */
  grains?: number;
  /** Reads from which the candidate's numbers change (a slow leak, a late regression). */
  from?: number;
  later?: Partial<Arm>;
  /** Reads whose grains are missing data. */
  missing?: number[];
}

const healthy: Arm = { requests: 300, errorRate: 0.005, p99Ms: 256, clientErrorRate: 0.01 };
const baseline: Arm = { requests: 5700, errorRate: 0.005, p99Ms: 256, clientErrorRate: 0.01 };

const SCENARIOS: Record<string, Scenario> = {
  healthy: { candidate: healthy, baseline, reads: 8 },
  healthyHistogram: {
    candidate: { ...healthy, histogram: true },
    baseline: { ...baseline, histogram: true },
    reads: 8,
  },
  errorLeak: { candidate: { ...healthy, errorRate: 0.015 }, baseline, reads: 8 },
  grossErrors: { candidate: { ...healthy, errorRate: 0.2 }, baseline, reads: 4 },
  slowLeak: { candidate: healthy, baseline, reads: 10, from: 4, later: { errorRate: 0.02 } },
  slowTail: { candidate: { ...healthy, p99Ms: 600 }, baseline, reads: 8 },
  slowHistogram: {
    candidate: { ...healthy, p99Ms: 500, histogram: true },
    baseline: { ...baseline, histogram: true },
    reads: 8,
  },
  noLatency: { candidate: { ...healthy, p99Ms: undefined }, baseline, reads: 6 },
  clientErrors: { candidate: { ...healthy, clientErrorRate: 0.2 }, baseline, reads: 6 },
  thin: { candidate: { ...healthy, requests: 15 }, baseline: { ...baseline, requests: 285 }, reads: 4 },
  bursty: { candidate: healthy, baseline, reads: 6, grains: 3 },
  missingGrains: { candidate: healthy, baseline, reads: 6, missing: [2, 3] },
  betterCandidate: { candidate: { ...healthy, errorRate: 0.001, p99Ms: 200 }, baseline, reads: 8 },
};

/** Spelled out, not parsed: a change to the plan schema's defaults does not reach shipped rollouts' plans. */
const BASE_POLICY = { interval: '60s', minRequests: 100, alpha: 0.05, beta: 0.05, maxProviderErrors: 5 };
const POLICIES: Record<string, Omit<AnalysisPolicy, 'judge'>> = {
  defaults: { ...BASE_POLICY, slo: { maxErrorRate: 0.05 } },
  latencyLimits: { ...BASE_POLICY, slo: { maxErrorRate: 0.05, maxP99LatencyMs: 400 } },
  relativeLimits: {
    ...BASE_POLICY,
    minRequests: 200,
    slo: {
      maxErrorRate: 0.05,
      maxErrorRateIncrease: 0.01,
      maxP99LatencyIncreaseMs: 100,
      maxClientErrorRateIncrease: 0.02,
    },
  },
  strict: { ...BASE_POLICY, minRequests: 50, alpha: 0.01, beta: 0.1, slo: { maxErrorRate: 0.01 } },
};

const BOUNDS = [100, 200, 300, 400, 500, 750, 1000];

function counts(arm: Arm, random: () => number): DeploymentCounts {
  const requests = Math.max(0, Math.round(arm.requests * (0.8 + 0.4 * random())));
  const errors = Math.round(requests * arm.errorRate * (0.5 + random()));
  const out: DeploymentCounts = { requests, errors };
  if (arm.clientErrorRate !== undefined)
    out.clientErrors = Math.round(requests * arm.clientErrorRate * (0.5 + random()));
  if (arm.p99Ms !== undefined) {
    const p99 = Math.round(arm.p99Ms * (0.9 + 0.2 * random()));
    Object.assign(out, { latencyP50Ms: Math.round(p99 * 0.3), latencyP90Ms: Math.round(p99 * 0.6) });
    Object.assign(out, { latencyP95Ms: Math.round(p99 * 0.7), latencyP99Ms: p99 });
    if (arm.histogram) {
      out.latencyOver = BOUNDS.map((ms) => ({ ms, count: Math.round(requests * Math.min(1, 0.01 * (p99 / ms) ** 3)) }));
    }
  }
  return out;
}

/** One scenario's reads under one seed: each read is the grains one gate sees. */
function reads(name: string, scenario: Scenario): IntervalSample[][] {
  const random = rng([...name].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
  const grains = scenario.grains ?? 1;
  return Array.from({ length: scenario.reads }, (_, r) =>
    Array.from({ length: grains }, (_, g) => {
      const minute = r * grains + g;
      const candidate =
        r >= (scenario.from ?? Infinity) ? { ...scenario.candidate, ...scenario.later } : scenario.candidate;
      const sample: IntervalSample = {
        start: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
        end: new Date(Date.UTC(2026, 0, 1, 0, minute + 1)).toISOString(),
        candidateShare: 0.05,
        baseline: counts(scenario.baseline, random),
        candidate: counts(candidate, random),
      };
      if (scenario.missing?.includes(r)) return { ...sample, missing: true, candidate: { requests: 0, errors: 0 } };
      return sample;
    }),
  );
}

/** What a fingerprint covers of each verdict: its kind, rule and reasons (evidence numbers may differ in the last bits). */
function verdictsOf(judge: Judge, kind: JudgeKind): string[] {
  const out: string[] = [];
  for (const [policyName, fixed] of Object.entries(POLICIES)) {
    const policy: AnalysisPolicy = { ...fixed, judge: kind };
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      const all = reads(name, scenario);
      let state: JudgeState | undefined;
      all.forEach((samples, i) => {
        const result = judge({ samples, policy, state, final: i === all.length - 1 });
        state = result.state;
        const { kind: verdict, rule, reasons } = result.verdict;
        out.push(`${policyName}/${name}/${i}: ${verdict} ${rule} ${JSON.stringify(reasons)}`);
      });
    }
  }
  return out;
}

/** The baseline over the canary steps as the watch is given it: 1% errors, p99 250 ms, 20,000 requests. */
const WATCH_HISTORY = { requests: 20_000, errors: 200, p99WeightedMs: 20_000 * 250, p99Requests: 20_000 };
const WATCH_SCENARIOS: Record<string, { errors: number; p99Ms: number }> = {
  asGoodAsBefore: { errors: 5, p99Ms: 250 },
  threeTimesTheErrors: { errors: 15, p99Ms: 250 },
  slowerTail: { errors: 5, p99Ms: 320 },
};

/** Post-promotion reads (the candidate takes all traffic) judged against the baseline's history. */
function watchVerdictsOf(judge: Judge, kind: JudgeKind): string[] {
  const out: string[] = [];
  for (const [policyName, fixed] of Object.entries(POLICIES)) {
    for (const withIncrease of [false, true]) {
      const slo = withIncrease ? { ...fixed.slo, maxP99LatencyIncreaseMs: 50 } : fixed.slo;
      const policy: AnalysisPolicy = { ...fixed, slo, judge: kind };
      for (const [name, { errors, p99Ms }] of Object.entries(WATCH_SCENARIOS)) {
        let state: JudgeState | undefined;
        for (let i = 0; i < 6; i++) {
          const sample: IntervalSample = {
            start: new Date(Date.UTC(2026, 0, 1, 1, i)).toISOString(),
            end: new Date(Date.UTC(2026, 0, 1, 1, i + 1)).toISOString(),
            candidateShare: 1,
            candidate: { requests: 500, errors, latencyP99Ms: p99Ms },
            baseline: { requests: 0, errors: 0 },
          };
          const watch = { history: WATCH_HISTORY };
          const result = judge({ samples: [sample], policy, state, final: i === 5, watch });
          state = result.state;
          const { kind: verdict, rule, reasons } = result.verdict;
          out.push(
            `${policyName}${withIncrease ? '+increase' : ''}/watch/${name}/${i}: ${verdict} ${rule} ${JSON.stringify(reasons)}`,
          );
        }
      }
    }
  }
  return out;
}

export type InputSet = 'gates' | 'watch';

/** The verdict lines one judge version gives on an input set (to show what changed when a fingerprint differs). */
export function judgeVerdictLines(
  kind: JudgeKind,
  version: number,
  judge: Judge = judgeAt(kind, version),
  set: InputSet = 'gates',
): string[] {
  return set === 'gates' ? verdictsOf(judge, kind) : watchVerdictsOf(judge, kind);
}

export function judgeFingerprint(kind: JudgeKind, version: number, judge?: Judge, set: InputSet = 'gates'): string {
  const hash = createHash('sha256');
  for (const line of judgeVerdictLines(kind, version, judge, set)) hash.update(`${line}\n`);
  return hash.digest('hex');
}
