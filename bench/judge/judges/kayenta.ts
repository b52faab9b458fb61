// Kayenta-style judge: per-minute error-rate and p99 series of canary and baseline, cumulative windows judged every
// interval by Mann–Whitney; score = 100 × passing metrics / 2 (direction "increase": Low counts as Pass); fail fast
// when the score is ≤ marginal, promote when the last score is ≥ pass (spinnaker.io best practices: 3 × 1 h).
import { mannWhitneyClassify } from './mann-whitney';
import type { BenchJudge, Decision, JudgeContext } from './types';

export interface KayentaConfig {
  intervalMin: number;
  lifetimeMin: number;
  marginal: number;
  pass: number;
}

export const KAYENTA_1H: KayentaConfig = { intervalMin: 60, lifetimeMin: 180, marginal: 75, pass: 95 };
export const KAYENTA_10M: KayentaConfig = { intervalMin: 10, lifetimeMin: 30, marginal: 75, pass: 95 };

function series(ctx: JudgeContext, arm: 'green' | 'blue', toMin: number): { errorRate: number[]; p99: number[] } {
  const a = ctx.run.minutes[arm];
  const errorRate: number[] = [];
  const p99: number[] = [];
  for (let m = 0; m < toMin; m++) {
    if (a.n[m] <= 0) continue; // NaN points are removed by Kayenta's cleaning step
    errorRate.push(a.errors[m] / a.n[m]);
    p99.push(a.pct[m * 4 + 3]);
  }
  return { errorRate, p99 };
}

export function kayentaScore(ctx: JudgeContext, toMin: number): number {
  const exp = series(ctx, 'green', toMin);
  const ctl = series(ctx, 'blue', toMin);
  const classes = [mannWhitneyClassify(exp.errorRate, ctl.errorRate), mannWhitneyClassify(exp.p99, ctl.p99)];
  const noData = classes.filter((c) => c === 'NoData').length;
  if (noData * 2 >= classes.length) return 0;
  return (100 * classes.filter((c) => c === 'Pass' || c === 'Low').length) / classes.length;
}

export function kayentaJudge(name: string, c: KayentaConfig): BenchJudge {
  return {
    name,
    minutesNeeded: () => c.lifetimeMin,
    decide(ctx: JudgeContext): Decision {
      const judgements = Math.floor(c.lifetimeMin / c.intervalMin);
      for (let i = 1; i <= judgements; i++) {
        const score = kayentaScore(ctx, i * c.intervalMin);
        const atS = i * c.intervalMin * 60;
        if (score <= c.marginal) return { kind: 'rollback', atS };
        if (i === judgements) return { kind: score >= c.pass ? 'promote' : 'rollback', atS };
      }
      return { kind: 'none', atS: c.lifetimeMin * 60 };
    },
  };
}
