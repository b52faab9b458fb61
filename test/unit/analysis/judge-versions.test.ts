// Judge versions are pinned per rollout, so a shipped version must never change its verdicts: this table is each
// version's verdicts on fixed sample sequences. A change to analysis/ that alters one fails here; add a new version
// in analysis/index.ts (and its row) instead of changing an old one.
import { CURRENT_JUDGE_VERSION, judgeAt, judgeFor, type ArmTotals, type JudgeKind } from '../../../analysis';
import type { JudgeState } from '../../../analysis/types';
import { analysisSchema, type AnalysisPolicy } from '../../../domain/plan';
import type { DeploymentCounts, IntervalSample } from '../../../domain/verdict';

const policy = analysisSchema.parse({ minRequests: 100, slo: { maxErrorRate: 1 } });
const at = (i: number) => new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString();
const sample = (i: number, candidate: DeploymentCounts, baseline: DeploymentCounts): IntervalSample => ({
  start: at(i),
  end: at(i + 1),
  candidateShare: 0.05,
  candidate,
  baseline,
});
const lat = (p99: number) => ({ latencyP50Ms: 80, latencyP90Ms: 152, latencyP95Ms: 182, latencyP99Ms: p99 });

/** Each scenario: the intervals, one gate read each; the last read is final. */
const SCENARIOS: Record<string, IntervalSample[]> = {
  healthy: Array.from({ length: 6 }, (_, i) =>
    sample(i, { requests: 300, errors: 2, ...lat(256) }, { requests: 5700, errors: 28, ...lat(256) }),
  ),
  errorLeak: Array.from({ length: 6 }, (_, i) =>
    sample(i, { requests: 300, errors: 5, ...lat(256) }, { requests: 5700, errors: 28, ...lat(256) }),
  ),
  slowTail: Array.from({ length: 6 }, (_, i) =>
    sample(i, { requests: 600, errors: 0, ...lat(600) }, { requests: 11400, errors: 0, ...lat(256) }),
  ),
  thin: Array.from({ length: 3 }, (_, i) => sample(i, { requests: 20, errors: 0 }, { requests: 380, errors: 2 })),
  noLatency: Array.from({ length: 6 }, (_, i) =>
    sample(i, { requests: 300, errors: 2 }, { requests: 5700, errors: 28, ...lat(256) }),
  ),
  clientErrors: Array.from({ length: 6 }, (_, i) =>
    sample(
      i,
      { requests: 300, errors: 2, clientErrors: 60, ...lat(256) },
      { requests: 5700, errors: 28, clientErrors: 57, ...lat(256) },
    ),
  ),
};
/** The post-promotion watch: the candidate takes everything; the baseline's history is its earlier 1% errors. */
const watchSample = (i: number, errors: number): IntervalSample => ({
  ...sample(i, { requests: 600, errors, ...lat(256) }, { requests: 0, errors: 0 }),
  candidateShare: 1,
});
SCENARIOS.watchGood = Array.from({ length: 6 }, (_, i) => watchSample(i, 6));
SCENARIOS.watchErrors = Array.from({ length: 6 }, (_, i) => watchSample(i, 18));
const HISTORY: Record<string, ArmTotals> = {
  watchGood: { requests: 20000, errors: 200, p99WeightedMs: 20000 * 256, p99Requests: 20000 },
  watchErrors: { requests: 20000, errors: 200, p99WeightedMs: 20000 * 256, p99Requests: 20000 },
};
/** The threshold judge reads latency only for a latency limit: without one a missing series cannot hold it. */
const SLO: Record<string, Partial<AnalysisPolicy['slo']>> = { noLatency: { maxP99LatencyMs: 1000 } };

function verdicts(kind: JudgeKind, version: number, scenario: string): string[] {
  const judge = judgeAt(kind, version);
  const samples = SCENARIOS[scenario];
  const p = { ...policy, judge: kind, slo: { ...policy.slo, ...SLO[scenario] } };
  let state: JudgeState | undefined;
  return samples.map((s, i) => {
    const watch = scenario in HISTORY ? { history: HISTORY[scenario] } : undefined;
    const out = judge({ samples: [s], policy: p, state, final: i === samples.length - 1, watch });
    state = out.state;
    return `${out.verdict.kind}:${out.verdict.rule}`;
  });
}

const times = (n: number, verdict: string): string[] => Array.from({ length: n }, () => verdict);
const thin = [...times(2, 'continue:minRequests'), 'inconclusive:minRequests'];
const clientErrorsFail = times(6, 'fail:slo.clientErrorRateIncrease');

/** Each version's verdicts per scenario, read by read. Never edit a shipped row: add a version. */
const EXPECTED: Record<string, Record<string, string[]>> = {
  'threshold@1': {
    healthy: [...times(5, 'continue:slo'), 'pass:slo'],
    errorLeak: [...times(5, 'continue:slo'), 'pass:slo'],
    slowTail: [...times(5, 'continue:slo'), 'pass:slo'],
    thin,
    noLatency: [...times(5, 'continue:slo'), 'pass:slo'],
    clientErrors: [...times(5, 'continue:slo'), 'pass:slo'],
    watchGood: [...times(5, 'continue:slo'), 'pass:slo'],
    watchErrors: [...times(5, 'continue:slo'), 'pass:slo'],
  },
  'threshold@2': {
    healthy: [...times(5, 'continue:slo'), 'pass:slo'],
    errorLeak: [...times(5, 'continue:slo'), 'pass:slo'],
    slowTail: [...times(5, 'continue:slo'), 'pass:slo'],
    thin,
    noLatency: [...times(5, 'continue:data.missing'), 'inconclusive:data.missing'],
    clientErrors: clientErrorsFail,
    watchGood: [...times(5, 'continue:slo'), 'pass:slo'],
    watchErrors: [...times(5, 'continue:slo'), 'pass:slo'],
  },
  'sequential@1': {
    healthy: [...times(5, 'continue:sequential'), 'pass:budget'],
    errorLeak: [...times(2, 'continue:sequential'), ...times(4, 'fail:harm.errors')],
    slowTail: ['continue:sequential', ...times(5, 'fail:harm.latency')],
    thin,
    noLatency: [...times(5, 'continue:sequential'), 'pass:budget'],
    clientErrors: [...times(5, 'continue:sequential'), 'pass:budget'],
    watchGood: [...times(5, 'continue:sequential'), 'pass:budget'],
    watchErrors: [...times(5, 'continue:sequential'), 'pass:budget'],
  },
  'sequential@2': {
    healthy: [...times(5, 'continue:sequential'), 'pass:budget'],
    errorLeak: ['continue:sequential', ...times(5, 'fail:harm.errors')],
    slowTail: ['continue:sequential', ...times(5, 'fail:harm.latency')],
    thin,
    noLatency: [...times(5, 'continue:sequential'), 'pass:budget'],
    clientErrors: [...times(5, 'continue:sequential'), 'pass:budget'],
    watchGood: [...times(5, 'continue:sequential'), 'pass:budget'],
    watchErrors: [...times(5, 'continue:sequential'), 'pass:budget'],
  },
  'sequential@3': {
    healthy: [...times(5, 'continue:sequential'), 'pass:budget'],
    errorLeak: ['continue:sequential', ...times(5, 'fail:harm.errors')],
    slowTail: ['continue:sequential', ...times(5, 'fail:harm.latency')],
    thin,
    noLatency: [...times(5, 'continue:sequential'), 'inconclusive:data.missing'],
    clientErrors: clientErrorsFail,
    watchGood: [...times(5, 'continue:sequential'), 'pass:budget'],
    watchErrors: [...times(5, 'continue:sequential'), 'pass:budget'],
  },
  'threshold@3': {
    healthy: [...times(5, 'continue:slo'), 'pass:slo'],
    errorLeak: [...times(5, 'continue:slo'), 'pass:slo'],
    slowTail: [...times(5, 'continue:slo'), 'pass:slo'],
    thin,
    noLatency: [...times(5, 'continue:data.missing'), 'inconclusive:data.missing'],
    clientErrors: clientErrorsFail,
    watchGood: [...times(5, 'continue:slo'), 'pass:slo'],
    watchErrors: times(6, 'fail:watch.errors'),
  },
  'sequential@4': {
    healthy: [...times(5, 'continue:sequential'), 'pass:budget'],
    errorLeak: ['continue:sequential', ...times(5, 'fail:harm.errors')],
    slowTail: ['continue:sequential', ...times(5, 'fail:harm.latency')],
    thin,
    noLatency: [...times(5, 'continue:sequential'), 'inconclusive:data.missing'],
    clientErrors: clientErrorsFail,
    watchGood: [...times(5, 'continue:sequential'), 'pass:budget'],
    watchErrors: times(6, 'fail:watch.errors'),
  },
};

describe('judge versions', () => {
  it.each(Object.keys(EXPECTED))('%s gives the verdicts it shipped with', (name) => {
    const [kind, version] = name.split('@') as [JudgeKind, string];
    const got = Object.fromEntries(Object.keys(SCENARIOS).map((k) => [k, verdicts(kind, Number(version), k)]));
    expect(got).toEqual(EXPECTED[name]);
  });

  it('has a row for every version, the current ones included', () => {
    for (const kind of Object.keys(CURRENT_JUDGE_VERSION) as JudgeKind[]) {
      expect(Object.keys(EXPECTED)).toContain(`${kind}@${CURRENT_JUDGE_VERSION[kind]}`);
      expect(judgeAt(kind, CURRENT_JUDGE_VERSION[kind])).toBe(judgeFor(kind));
    }
  });

  it('judges a run without a pin, or with an unknown one, with the current version instead of throwing', () => {
    expect(judgeAt('sequential', undefined)).toBe(judgeFor('sequential'));
    expect(judgeAt('sequential', 99)).toBe(judgeFor('sequential'));
  });
});
