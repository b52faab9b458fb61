// Flagger-style judge (fluxcd/flagger scheduler): every interval, the canary ALONE against absolute limits
// (request-success-rate ≥ min %, request-duration p99 ≤ max ms); "no values" counts as a failed check; rollback when
// the cumulative failedChecks reaches the threshold; promote after the configured number of checks.
import type { BenchJudge, Decision, JudgeContext } from './types';

export interface FlaggerConfig {
  threshold: number;
  minSuccessPct: number;
  maxP99Ms: number;
  checks: number;
}

export const FLAGGER_DEFAULT: FlaggerConfig = { threshold: 5, minSuccessPct: 99, maxP99Ms: 500, checks: 25 };

export function flaggerCheckFails(n: number, errors: number, p99: number, c: FlaggerConfig): boolean {
  if (n <= 0 || !Number.isFinite(p99)) return true;
  return 100 * (1 - errors / n) < c.minSuccessPct || p99 > c.maxP99Ms;
}

export function flaggerJudge(name: string, c: FlaggerConfig = FLAGGER_DEFAULT): BenchJudge {
  return {
    name,
    decide({ run }: JudgeContext): Decision {
      const g = run.minutes.green;
      let failed = 0;
      for (let m = 0; m < c.checks; m++) {
        if (flaggerCheckFails(g.n[m], g.errors[m], g.pct[m * 4 + 3], c)) failed++;
        if (failed >= c.threshold) return { kind: 'rollback', atS: (m + 1) * 60 };
      }
      return { kind: 'promote', atS: c.checks * 60 };
    },
  };
}
