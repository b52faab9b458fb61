// Argo-Rollouts-style judge (analysis/analysis.go): one measurement per interval over that interval's window,
// success when success rate ≥ 0.99 and p99 ≤ 500 ms; the run fails when failed > failureLimit; after `count`
// measurements it succeeds. A measurement with no data counts as failed (the condition cannot hold on NaN).
import { windowPercentiles } from '../simulate';
import type { BenchJudge, Decision, JudgeContext } from './types';

export interface ArgoConfig {
  intervalMin: number;
  failureLimit: number;
  count: number;
  minSuccess: number;
  maxP99Ms: number;
}

export const ARGO_DEFAULT: ArgoConfig = { intervalMin: 5, failureLimit: 3, count: 6, minSuccess: 0.99, maxP99Ms: 500 };

export function argoJudge(name: string, c: ArgoConfig = ARGO_DEFAULT): BenchJudge {
  return {
    name,
    decide({ scenario, seed, run }: JudgeContext): Decision {
      let failed = 0;
      for (let i = 0; i < c.count; i++) {
        const [from, to] = [i * c.intervalMin, (i + 1) * c.intervalMin];
        let n = 0;
        let errors = 0;
        for (let m = from; m < to; m++)
          [n, errors] = [n + run.minutes.green.n[m], errors + run.minutes.green.errors[m]];
        const p99 = windowPercentiles(scenario, seed, run, 'green', from, to)[3];
        const ok = n > 0 && 1 - errors / n >= c.minSuccess && p99 <= c.maxP99Ms;
        if (!ok) failed++;
        if (failed > c.failureLimit) return { kind: 'rollback', atS: to * 60 };
      }
      return { kind: 'promote', atS: c.count * c.intervalMin * 60 };
    },
  };
}
