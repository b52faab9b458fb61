import {
  createSequentialJudge,
  judgeFor,
  sequentialJudge,
  UNIFORM_GRID_SEQUENTIAL,
  type SequentialOptions,
} from '../../../analysis';
import { shareFor } from '../../../analysis/sequential-update';
import type { JudgeState } from '../../../analysis/types';
import { analysisSchema } from '../../../domain/plan';
import type { DeploymentCounts, IntervalSample } from '../../../domain/verdict';

const policy = analysisSchema.parse({ minRequests: 100, slo: { maxErrorRate: 1 } });

function sample(candidate: DeploymentCounts, baseline: DeploymentCounts, share = 0.05): IntervalSample {
  return { start: '2025-01-01T00:00:00Z', end: '2025-01-01T00:01:00Z', candidateShare: share, candidate, baseline };
}
const lat = (p50: number, p90: number, p95: number, p99: number) => ({
  latencyP50Ms: p50,
  latencyP90Ms: p90,
  latencyP95Ms: p95,
  latencyP99Ms: p99,
});
const same = lat(80, 152, 182, 256);
const over = (counts: [number, number][]) => ({ latencyOver: counts.map(([ms, count]) => ({ ms, count })) });
const repeat = (n: number, s: IntervalSample): IntervalSample[] => Array.from({ length: n }, () => s);

describe('sequential judge decisions', () => {
  it.each([
    ['continues with no data', [], false, 'continue', 'minRequests'],
    ['is inconclusive at the end with no data', [], true, 'inconclusive', 'minRequests'],
    [
      'is inconclusive at the end below minRequests',
      [sample({ requests: 50, errors: 0 }, { requests: 950, errors: 5 })],
      true,
      'inconclusive',
      'minRequests',
    ],
    [
      'rolls back below minRequests when the error evidence is already decisive',
      [sample({ requests: 60, errors: 8 }, { requests: 1140, errors: 6 })],
      false,
      'fail',
      'harm.errors',
    ],
    [
      'keeps waiting below minRequests when errors are in proportion',
      [sample({ requests: 60, errors: 0 }, { requests: 1140, errors: 6 })],
      false,
      'continue',
      'minRequests',
    ],
    [
      'rolls back when green errors far exceed blue',
      [sample({ requests: 300, errors: 12 }, { requests: 5700, errors: 28 })],
      false,
      'fail',
      'harm.errors',
    ],
    [
      'keeps baking when errors are in proportion',
      [sample({ requests: 300, errors: 2 }, { requests: 5700, errors: 28 })],
      false,
      'continue',
      'sequential',
    ],
    [
      'passes on safety evidence when errors are in proportion over many events',
      [sample({ requests: 12000, errors: 60, ...same }, { requests: 228000, errors: 1140, ...same })],
      false,
      'pass',
      'safety',
    ],
    [
      'passes at the exposure budget (the end) with no harm found',
      [sample({ requests: 300, errors: 2, ...same }, { requests: 5700, errors: 28, ...same })],
      true,
      'pass',
      'budget',
    ],
    [
      'is inconclusive at the end without latency series, never a pass',
      [sample({ requests: 300, errors: 2 }, { requests: 5700, errors: 28 })],
      true,
      'inconclusive',
      'data.missing',
    ],
    [
      'is inconclusive at the end with a partial candidate latency series',
      [
        sample({ requests: 300, errors: 2, ...same }, { requests: 5700, errors: 28, ...same }),
        sample({ requests: 300, errors: 2 }, { requests: 5700, errors: 28, ...same }),
      ],
      true,
      'inconclusive',
      'data.missing',
    ],
    [
      'does not roll back a shared incident that hits both in proportion',
      repeat(2, sample({ requests: 300, errors: 15 }, { requests: 5700, errors: 290 })),
      false,
      'continue',
      'sequential',
    ],
    [
      'rolls back a slower p99 from Azure Monitor percentiles',
      repeat(
        6,
        sample({ requests: 600, errors: 0, ...lat(80, 200, 300, 600) }, { requests: 11400, errors: 0, ...same }),
      ),
      false,
      'fail',
      'harm.latency',
    ],
    [
      'keeps baking on equal percentiles',
      repeat(6, sample({ requests: 600, errors: 0, ...same }, { requests: 11400, errors: 0, ...same })),
      false,
      'continue',
      'sequential',
    ],
    [
      'rolls back from request-level exceedance counts',
      [
        sample(
          {
            requests: 600,
            errors: 0,
            ...over([
              [80, 300],
              [150, 60],
              [250, 6],
            ]),
          },
          {
            requests: 11400,
            errors: 0,
            ...over([
              [80, 5700],
              [150, 1140],
              [250, 114],
            ]),
          },
        ),
        ...repeat(
          3,
          sample(
            {
              requests: 600,
              errors: 0,
              ...over([
                [80, 300],
                [150, 60],
                [250, 40],
              ]),
            },
            {
              requests: 11400,
              errors: 0,
              ...over([
                [80, 5700],
                [150, 1140],
                [250, 114],
              ]),
            },
          ),
        ),
      ],
      false,
      'fail',
      'harm.latency',
    ],
  ] as const)('%s', (_name, samples, final, kind, rule) => {
    const out = sequentialJudge({ samples: [...samples], policy, final });
    expect(out.verdict).toMatchObject({ kind, rule });
    expect(out.verdict.reasons.length).toBeGreaterThan(0);
  });

  it('reports thresholds, alpha and anytime p-values with a decision', () => {
    const out = sequentialJudge({
      samples: [sample({ requests: 300, errors: 12 }, { requests: 5700, errors: 28 })],
      policy,
      final: false,
    });
    expect(out.verdict.evidence).toMatchObject({
      errors: { greenEvents: 12, blueEvents: 28, alpha: 0.025, harmThreshold: 40, safetyThreshold: 20 },
    });
    expect((out.verdict.evidence.errors as { pValue: number }).pValue).toBeLessThan(0.025);
  });

  it.each([
    ['the router weight when the counts agree with it', 0.05, 300, 5700, 0.05],
    ['the realized share while mirroring (copies at 20 % show up as 1/6)', 0.2, 2000, 10000, 2000 / 12000],
    ['the router weight when one side saw no requests', 0.05, 0, 100, 0.05],
  ])('conditions on %s', (_name, weight, g, b, expected) => {
    expect(shareFor(sample({ requests: g, errors: 0 }, { requests: b, errors: 0 }, weight))).toBeCloseTo(expected, 12);
  });

  it('keeps the SLO floor beside the e-processes', () => {
    const strict = analysisSchema.parse({ minRequests: 100, slo: { maxErrorRate: 0.05 } });
    const out = sequentialJudge({
      samples: [sample({ requests: 200, errors: 20 }, { requests: 3800, errors: 380 })],
      policy: strict,
      final: false,
    });
    expect(out.verdict).toMatchObject({ kind: 'fail', rule: 'slo.errorRate' });
    expect(out.verdict.evidence).toHaveProperty('errors.eValue');
  });

  it('never passes without evidence, even with minRequests 0', () => {
    const none = analysisSchema.parse({ minRequests: 0 });
    const out = sequentialJudge({
      samples: [sample({ requests: 0, errors: 0 }, { requests: 100, errors: 0 })],
      policy: none,
      final: true,
    });
    expect(out.verdict.kind).toBe('inconclusive');
  });

  it('passes at a configured exposure budget before the end', () => {
    const judge = createSequentialJudge({ exposureBudget: 250 });
    const out = judge({
      samples: [sample({ requests: 300, errors: 1, ...same }, { requests: 5700, errors: 28, ...same })],
      policy,
      final: false,
    });
    expect(out.verdict).toMatchObject({ kind: 'pass', rule: 'budget' });
  });
});

describe('missing data and refused inputs', () => {
  it('never skips an explicit maxP99LatencyMs: requests without a latency series are inconclusive', () => {
    const strict = analysisSchema.parse({ minRequests: 100, slo: { maxErrorRate: 1, maxP99LatencyMs: 500 } });
    const samples = [sample({ requests: 12000, errors: 60 }, { requests: 228000, errors: 1140, ...same })];
    const out = sequentialJudge({ samples, policy: strict, final: true });
    expect(out.verdict).toMatchObject({ kind: 'inconclusive', rule: 'data.missing' });
    expect(out.verdict.reasons.join(' ')).toMatch(/maxP99LatencyMs 500 ms cannot be checked/);
    expect(judgeFor('threshold')({ samples, policy: strict, final: true }).verdict).toMatchObject({
      kind: 'inconclusive',
      rule: 'data.missing',
    });
  });

  it("rolls back a candidate whose 4xx rate is far above the baseline's, and records both rates", () => {
    const samples = [
      sample(
        { requests: 600, errors: 0, clientErrors: 120, ...same },
        { requests: 11400, errors: 0, clientErrors: 114, ...same },
      ),
    ];
    for (const judge of ['sequential', 'threshold'] as const) {
      const out = judgeFor(judge)({ samples, policy, final: false });
      expect(out.verdict).toMatchObject({ kind: 'fail', rule: 'slo.clientErrorRateIncrease' });
      expect(out.verdict.evidence).toMatchObject({
        candidate: { clientErrors: 120, clientErrorRate: 0.2 },
        baseline: { clientErrors: 114, clientErrorRate: 0.01 },
      });
    }
  });

  it("does not fail on a 4xx rate in proportion with the baseline's", () => {
    const samples = [
      sample(
        { requests: 600, errors: 0, clientErrors: 7, ...same },
        { requests: 11400, errors: 0, clientErrors: 114, ...same },
      ),
    ];
    expect(judgeFor('threshold')({ samples, policy, final: true }).verdict).toMatchObject({ kind: 'pass' });
  });
});

describe('sequential judge evidence and state', () => {
  const stream = [
    sample({ requests: 300, errors: 3, ...same }, { requests: 5700, errors: 30, ...same }),
    sample({ requests: 320, errors: 6, ...lat(82, 160, 190, 270) }, { requests: 5680, errors: 25, ...same }),
    sample({ requests: 280, errors: 5, ...same }, { requests: 5720, errors: 31, ...lat(79, 150, 180, 250) }),
  ];

  const rho = 300 / 6000;
  const th = (r: number) => (rho * r) / (rho * r + 1 - rho);
  const lr = (r: number) => (th(r) / th(1)) ** 3 * ((1 - th(r)) / (1 - th(1))) ** 30;
  const errorE = (out: ReturnType<typeof sequentialJudge>) =>
    (out.verdict.evidence.errors as { eValue: number }).eValue;

  it('pins the error e-value of one batch (default prior: 90 % on six ratios in [1.5, 4], 5 % on 6 and 10; 90 % on the first start)', () => {
    const out = sequentialJudge({ samples: [stream[0]], policy, final: false });
    const body = Array.from({ length: 6 }, (_, i) => Math.exp(Math.log(1.5) + (i * (Math.log(4) - Math.log(1.5))) / 5));
    const e = 0.9 * (0.15 * body.reduce((s, r) => s + lr(r), 0) + 0.05 * lr(6) + 0.05 * lr(10));
    expect(out.verdict.evidence).toMatchObject({ errors: { greenEvents: 3, blueEvents: 30 } });
    expect(errorE(out)).toBeCloseTo(e, 5);
    expect(errorE(out)).toBeCloseTo(1.033737, 5);
  });

  it('pins the error e-value of one batch under the uniform grid (12 ratios in [1.2, 10], 80 % on the first start)', () => {
    const out = createSequentialJudge(UNIFORM_GRID_SEQUENTIAL)({ samples: [stream[0]], policy, final: false });
    const grid = Array.from({ length: 12 }, (_, i) =>
      Math.exp(Math.log(1.2) + (i * (Math.log(10) - Math.log(1.2))) / 11),
    );
    expect(errorE(out)).toBeCloseTo((0.8 / 12) * grid.reduce((s, r) => s + lr(r), 0), 5);
    expect(errorE(out)).toBeCloseTo(0.650255, 5);
  });

  it.each<[string, Partial<SequentialOptions>, RegExp]>([
    ['weights of another length', { harmWeights: [0.5, 0.5] }, /harmWeights/],
    ['weights that do not sum to 1', { harmGrid: [2, 3], harmWeights: [0.5, 0.6] }, /harmWeights/],
    ['a grid ratio at or below 1', { harmGrid: [1, 3], harmWeights: undefined }, /harmGrid/],
    ['a restart weight of 1', { restartWeight: 1 }, /restartWeight/],
  ])('rejects options with %s, naming the field', (_name, options, message) => {
    expect(() => createSequentialJudge(options)).toThrow(message);
  });

  it('gives the same verdict whether intervals come at once or one call at a time through JSON', () => {
    const once = sequentialJudge({ samples: stream, policy, final: false });
    let state: JudgeState | undefined;
    let last;
    for (const s of stream) {
      last = sequentialJudge({ samples: [s], policy, state, final: false });
      state = JSON.parse(JSON.stringify(last.state)) as JudgeState;
    }
    expect(last?.verdict).toEqual(once.verdict);
    expect(JSON.parse(JSON.stringify(once.state))).toEqual(state);
  });

  it('keeps its state small', () => {
    const out = sequentialJudge({ samples: repeat(500, stream[1]), policy, final: false });
    expect(JSON.stringify(out.state).length).toBeLessThan(4000);
  });

  it('is deterministic', () => {
    const a = sequentialJudge({ samples: stream, policy, final: false });
    const b = sequentialJudge({ samples: stream, policy, final: false });
    expect(a).toEqual(b);
  });

  it('is the default judge', () => {
    expect(judgeFor('sequential')).toBe(sequentialJudge);
    expect(analysisSchema.parse({}).judge).toBe('sequential');
  });
});

describe('judge states carried across an upgrade', () => {
  const steps = [
    sample({ requests: 300, errors: 2 }, { requests: 5700, errors: 28 }),
    sample({ requests: 300, errors: 9 }, { requests: 5700, errors: 28 }),
  ];

  it('goes on with the uniform prior a state from before the weighted prior started with', () => {
    const uniform = createSequentialJudge(UNIFORM_GRID_SEQUENTIAL);
    const first = uniform({ samples: [steps[0]], policy, final: false });
    expect((first.state as { errors: { harm: number[] } }).errors.harm).toHaveLength(12);
    const upgraded = sequentialJudge({ samples: [steps[1]], policy, final: false, state: first.state });
    const unchanged = uniform({ samples: [steps[1]], policy, final: false, state: first.state });
    expect(upgraded).toEqual(unchanged);
  });

  it('reads a state it does not know without throwing, starting the evidence afresh', () => {
    const out = sequentialJudge({ samples: [steps[0]], policy, final: false, state: { judge: 'threshold' } });
    expect(out.verdict).toMatchObject({ kind: 'continue' });
    expect(out.state).toMatchObject({ judge: 'sequential', stateReset: true });
  });
});
