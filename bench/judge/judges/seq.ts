// Our sequential judge, run through the same public `Judge` interface the workflow calls: either fed one-minute
// samples with percentiles exactly as Azure Monitor gives them, or (labelled request-level) one-second samples with
// latency-bound exceedance counts, the detail a histogram-exporting source provides.
import { judgeFor } from '../../../analysis';
import type { JudgeState } from '../../../analysis/types';
import { analysisSchema } from '../../../domain/plan';
import type { DeploymentCounts, IntervalSample } from '../../../domain/verdict';
import { BOUNDS_MS, type ArmMinutes, type SimRun } from '../simulate';
import { shareAt } from '../scenario';
import type { BenchJudge, Decision, DecisionKind } from './types';

const policy = analysisSchema.parse({});
const KIND: Record<string, DecisionKind> = { fail: 'rollback', pass: 'promote', inconclusive: 'none' };
const iso = (s: number): string => new Date(Date.UTC(2025, 0, 1) + s * 1000).toISOString();

function minuteCounts(a: ArmMinutes, m: number): DeploymentCounts {
  const pct = (q: number): number | undefined => (a.n[m] > 0 ? a.pct[m * 4 + q] : undefined);
  return {
    requests: a.n[m],
    errors: a.errors[m],
    latencyP50Ms: pct(0),
    latencyP90Ms: pct(1),
    latencyP95Ms: pct(2),
    latencyP99Ms: pct(3),
  };
}

/** One second of one arm with its latency-bound exceedances: the request-level detail a histogram source gives. */
export function tickCounts(run: SimRun, arm: 'green' | 'blue', t: number): DeploymentCounts {
  const over = arm === 'green' ? run.ticks.overGreen : run.ticks.overBlue;
  const B = BOUNDS_MS.length;
  return {
    requests: run.ticks[arm].n[t],
    errors: run.ticks[arm].errors[t],
    latencyOver: BOUNDS_MS.map((ms, j) => ({ ms, count: over[t * B + j] })),
  };
}

function runJudge(steps: number, stepS: number, sampleAt: (i: number) => IntervalSample): Decision {
  const judge = judgeFor('sequential');
  let state: JudgeState | undefined;
  for (let i = 0; i < steps; i++) {
    const out = judge({ samples: [sampleAt(i)], policy, state, final: i === steps - 1 });
    state = out.state;
    if (out.verdict.kind !== 'continue') return { kind: KIND[out.verdict.kind], atS: (i + 1) * stepS };
  }
  return { kind: 'none', atS: steps * stepS };
}

export const seqMinuteJudge: BenchJudge = {
  name: 'SEQ (1-min Azure Monitor)',
  decide: ({ scenario, run }) =>
    runJudge(Math.floor(run.seconds / 60), 60, (m) => {
      const [g, b] = [minuteCounts(run.minutes.green, m), minuteCounts(run.minutes.blue, m)];
      // The router weight, as the workflow passes its stage's traffic share; the judge checks it against the counts.
      return {
        start: iso(m * 60),
        end: iso(m * 60 + 60),
        candidateShare: shareAt(scenario, m * 60),
        candidate: g,
        baseline: b,
      };
    }),
};

export const seqSecondJudge: BenchJudge = {
  name: 'SEQ (1-s request-level)',
  decide: ({ scenario, run }) =>
    runJudge(run.seconds, 1, (t) => {
      const [g, b] = [tickCounts(run, 'green', t), tickCounts(run, 'blue', t)];
      return { start: iso(t), end: iso(t + 1), candidateShare: shareAt(scenario, t), candidate: g, baseline: b };
    }),
};
