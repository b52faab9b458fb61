import { analysisSchema } from '../../../domain/plan';
import type { IntervalSample } from '../../../domain/verdict';
import { judgeFor, thresholdJudge } from '../../../analysis';

const policy = analysisSchema.parse({
  judge: 'threshold',
  minRequests: 100,
  slo: { maxErrorRate: 0.05, maxP99LatencyMs: 500, maxErrorRateIncrease: 0.02, maxP99LatencyIncreaseMs: 100 },
});

function sample(cand: [number, number, number?], base: [number, number, number?]): IntervalSample {
  return {
    start: '2025-01-01T00:00:00Z',
    end: '2025-01-01T00:01:00Z',
    candidateShare: 0.1,
    candidate: { requests: cand[0], errors: cand[1], latencyP99Ms: cand[2] },
    baseline: { requests: base[0], errors: base[1], latencyP99Ms: base[2] },
  };
}

describe('threshold judge', () => {
  it.each([
    ['continues below minRequests', [50, 0, 200], [500, 0, 200], false, 'continue', 'minRequests'],
    ['is inconclusive below minRequests at the end', [50, 0, 200], [500, 0, 200], true, 'inconclusive', 'minRequests'],
    [
      'fails early when the error floor is already certain',
      [20, 6, 200],
      [500, 0, 200],
      false,
      'fail',
      'slo.errorRate',
    ],
    [
      'waits when a few early errors could still be diluted',
      [20, 3, 200],
      [500, 0, 200],
      false,
      'continue',
      'minRequests',
    ],
    ['continues within limits before the end', [200, 2, 200], [2000, 20, 200], false, 'continue', 'slo'],
    ['passes within limits at the end', [200, 2, 200], [2000, 20, 200], true, 'pass', 'slo'],
    ['fails on the absolute error rate', [200, 12, 200], [2000, 200, 200], false, 'fail', 'slo.errorRate'],
    ['fails on the error-rate increase', [200, 8, 200], [2000, 10, 200], false, 'fail', 'slo.errorRateIncrease'],
    ['fails on the absolute p99', [200, 0, 650], [2000, 0, 600], false, 'fail', 'slo.p99Latency'],
    ['fails on the p99 increase', [200, 0, 350], [2000, 0, 200], false, 'fail', 'slo.p99LatencyIncrease'],
    ['never passes with no candidate requests', [0, 0, undefined], [2000, 0, 200], true, 'inconclusive', 'minRequests'],
  ] as const)('%s', (_name, cand, base, final, kind, rule) => {
    const out = thresholdJudge({ samples: [sample([...cand], [...base])], policy, final });
    expect(out.verdict).toMatchObject({ kind, rule });
    expect(out.verdict.reasons.length).toBeGreaterThan(0);
  });

  it('accumulates counts across calls through a JSON round trip of the state', () => {
    let state;
    for (let i = 0; i < 3; i++) {
      const out = thresholdJudge({ samples: [sample([40, 0, 200], [400, 0, 200])], policy, state, final: false });
      state = JSON.parse(JSON.stringify(out.state));
    }
    const last = thresholdJudge({ samples: [], policy, state, final: true });
    expect(last.verdict.kind).toBe('pass');
    expect(last.verdict.evidence).toMatchObject({ candidate: { requests: 120, errors: 0 }, intervals: 3 });
  });

  it('rejects impossible counts, naming the field', () => {
    expect(() => thresholdJudge({ samples: [sample([10, 11], [10, 0])], policy, final: false })).toThrow(
      'samples[0].candidate.errors must be between 0 and requests',
    );
  });

  it('rejects a state from another judge', () => {
    expect(() => thresholdJudge({ samples: [], policy, state: { judge: 'other' }, final: false })).toThrow(
      /state\.judge/,
    );
  });

  it('is what judgeFor returns for threshold', () => {
    expect(judgeFor('threshold')).toBe(thresholdJudge);
  });
});
