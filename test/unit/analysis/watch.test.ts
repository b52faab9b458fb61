import { judgeAt, judgeFor, type ArmTotals, type JudgeState } from '../../../analysis';
import { rateUpperBound, watchLogE } from '../../../analysis/watch-test';
import { analysisSchema, type AnalysisPolicy } from '../../../domain/plan';
import type { IntervalSample } from '../../../domain/verdict';

const policy = analysisSchema.parse({ minRequests: 200, alpha: 0.05, slo: { maxErrorRate: 0.2 } });
/** The baseline over the canary steps: 1% errors, p99 250 ms, 20,000 requests. */
const history: ArmTotals = { requests: 20000, errors: 200, p99WeightedMs: 20000 * 250, p99Requests: 20000 };

/** A watch interval: the promoted candidate takes everything, the baseline nothing. */
function watchSample(i: number, requests: number, errors: number, p99 = 250): IntervalSample {
  const at = (m: number) => new Date(Date.UTC(2025, 0, 1, 1, m)).toISOString();
  return {
    start: at(i),
    end: at(i + 1),
    candidateShare: 1,
    candidate: { requests, errors, latencyP99Ms: p99 },
    baseline: { requests: 0, errors: 0 },
  };
}

function runWatch(
  kind: 'threshold' | 'sequential',
  samples: IntervalSample[],
  h: ArmTotals | undefined,
  p: AnalysisPolicy = policy,
) {
  const judge = judgeFor(kind);
  let state: JudgeState | undefined;
  return samples.map((s, i) => {
    const out = judge({
      samples: [s],
      policy: { ...p, judge: kind },
      state,
      final: i === samples.length - 1,
      watch: { history: h },
    });
    state = JSON.parse(JSON.stringify(out.state)) as JudgeState;
    return out.verdict;
  });
}

const ten = (f: (i: number) => IntervalSample) => Array.from({ length: 10 }, (_, i) => f(i));

describe('the watch rule', () => {
  it.each(['threshold', 'sequential'] as const)('%s: passes a candidate as good as the baseline was', (kind) => {
    const verdicts = runWatch(
      kind,
      ten((i) => watchSample(i, 500, 5)),
      history,
    );
    expect(verdicts.map((v) => v.kind)).not.toContain('fail');
    expect(verdicts[verdicts.length - 1]).toMatchObject({ kind: 'pass' });
    expect(verdicts[verdicts.length - 1].evidence.watch).toMatchObject({ history: { requests: 20000 } });
  });

  it.each(['threshold', 'sequential'] as const)('%s: fails a candidate with 3x the baseline error rate', (kind) => {
    const verdicts = runWatch(
      kind,
      ten((i) => watchSample(i, 500, 15)),
      history,
    );
    const failed = verdicts.findIndex((v) => v.kind === 'fail');
    expect(failed).toBeGreaterThanOrEqual(0);
    expect(failed).toBeLessThan(3);
    expect(verdicts[failed]).toMatchObject({ rule: 'watch.errors' });
    expect(verdicts[failed].reasons[0]).toMatch(/exceeds the baseline's earlier 1.00%/);
  });

  it.each(['threshold', 'sequential'] as const)(
    '%s: compares latency with the history only when the plan sets maxP99LatencyIncreaseMs',
    (kind) => {
      const verdicts = runWatch(
        kind,
        ten((i) => watchSample(i, 500, 5, 600)),
        history,
      );
      expect(verdicts.map((v) => v.kind)).not.toContain('fail');
      expect(verdicts[verdicts.length - 1].evidence.watch).toMatchObject({ latency: null });
    },
  );

  it.each(['threshold', 'sequential'] as const)(
    "%s: fails at the watch's end when its mean p99 exceeds the history's plus maxP99LatencyIncreaseMs",
    (kind) => {
      const p = { ...policy, slo: { ...policy.slo, maxP99LatencyIncreaseMs: 50 } };
      const verdicts = runWatch(
        kind,
        ten((i) => watchSample(i, 500, 5, 320)),
        history,
        p,
      );
      expect(verdicts.slice(0, -1).map((v) => v.kind)).not.toContain('fail');
      expect(verdicts[verdicts.length - 1]).toMatchObject({ kind: 'fail', rule: 'watch.p99Latency' });
      expect(verdicts[verdicts.length - 1].reasons[0]).toMatch(/p99 320.0 ms is above 300.0 ms/);
    },
  );

  it.each(['threshold', 'sequential'] as const)('%s: without history applies the absolute limits only', (kind) => {
    const bad = runWatch(
      kind,
      ten((i) => watchSample(i, 500, 15)),
      undefined,
    );
    expect(bad.map((v) => v.kind)).not.toContain('fail');
    expect(bad[bad.length - 1].evidence.watch).toEqual({ history: null });
    const floor = runWatch(
      kind,
      ten((i) => watchSample(i, 500, 150)),
      undefined,
    );
    expect(floor.find((v) => v.kind === 'fail')).toMatchObject({ rule: 'slo.errorRate' });
  });

  it('is ignored by the versions before the watch rule', () => {
    const judge = judgeAt('sequential', 3);
    const input = { samples: [watchSample(0, 500, 15)], policy, final: false };
    expect(judge({ ...input, watch: { history } })).toEqual(judge(input));
  });
});

describe('watch statistics', () => {
  it('bounds the baseline rate from above, wider with fewer requests', () => {
    const wide = rateUpperBound(10, 1000, 0.0125);
    const narrow = rateUpperBound(100, 10000, 0.0125);
    expect(narrow).toBeGreaterThan(0.01);
    expect(wide).toBeGreaterThan(narrow);
    expect(rateUpperBound(0, 1000, 0.0125)).toBeCloseTo(1 - 0.0125 ** (1 / 1000), 6);
  });

  it('keeps the false-alarm rate under alpha/4 at the null rate (seeded simulation)', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const p0 = 0.02;
    let alarms = 0;
    for (let run = 0; run < 400; run++) {
      let errors = 0;
      for (let n = 1; n <= 5000; n++) {
        if (rand() < p0) errors += 1;
        if (n % 100 === 0 && watchLogE(errors, n, p0) >= Math.log(4 / 0.05)) {
          alarms += 1;
          break;
        }
      }
    }
    expect(alarms / 400).toBeLessThanOrEqual(0.0125 + 0.01);
  });
});
