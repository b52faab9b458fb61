// Summaries per scenario and judge: blast radius, time to decision, false-rollback rate with a Wilson interval.
import type { Outcome } from './run-seed';

export interface JudgeSummary {
  judge: string;
  seeds: number;
  /** Green requests served before rollback; a bad release never rolled back counts at least the whole run (run-seed.ts). */
  blastRadius: { mean: number; median: number; p95: number };
  detectionRate: number;
  timeToDecisionS: { median: number | null };
  falseRollbackRate?: { rate: number; lo: number; hi: number };
  decisions: { rollback: number; promote: number; none: number };
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const [lo, hi] = [Math.floor(pos), Math.ceil(pos)];
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function wilson(successes: number, n: number, z = 1.959963984540054): { rate: number; lo: number; hi: number } {
  if (n === 0) return { rate: NaN, lo: 0, hi: 1 };
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { rate: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

export function summarize(judge: string, outcomes: Outcome[], bad: boolean): JudgeSummary {
  const decisions = { rollback: 0, promote: 0, none: 0 };
  for (const o of outcomes) decisions[o.kind]++;
  const exposures = outcomes.map((o) => o.exposure).sort((a, b) => a - b);
  const times = outcomes
    .filter((o) => o.kind !== 'none')
    .map((o) => o.atS)
    .sort((a, b) => a - b);
  const mean = exposures.reduce((a, b) => a + b, 0) / Math.max(1, exposures.length);
  return {
    judge,
    seeds: outcomes.length,
    blastRadius: { mean, median: quantile(exposures, 0.5), p95: quantile(exposures, 0.95) },
    detectionRate: decisions.rollback / Math.max(1, outcomes.length),
    timeToDecisionS: { median: times.length ? quantile(times, 0.5) : null },
    ...(bad ? {} : { falseRollbackRate: wilson(decisions.rollback, outcomes.length) }),
    decisions,
  };
}
