// Turns summaries into the JSON result, a markdown table, and the goals checked per SEQ variant, each
// ratio target also checked against the median floor: a target below it is out of reach of every judge.
import type { JudgeSummary } from './metrics';

/** The median floor of median-floor.ts at the goals' alpha, per request and rounded up to whole minutes. */
export interface MedianFloor {
  requests: number | null;
  minutes: number | null;
}
export interface ScenarioResult {
  name: string;
  bad: boolean;
  waldFloor: number | null;
  medianFloor: MedianFloor;
  judges: JudgeSummary[];
}
export interface Goal {
  goal: string;
  judge: string;
  met: boolean;
  detail: string;
  unreachable?: string[];
}

export const ALPHA = 0.05;
const SEQ = ['SEQ (1-s request-level)', 'SEQ (1-min Azure Monitor)', 'SEQ (1-min, lagged gates)'];
const MINUTE_GRAIN = new Set(['SEQ (1-min Azure Monitor)', 'SEQ (1-min, lagged gates)']);
const fmt = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const find = (r: ScenarioResult, judge: string): JudgeSummary | undefined => r.judges.find((j) => j.judge === judge);

export function cell(r: ScenarioResult, j: JudgeSummary): string {
  if (!r.bad && j.falseRollbackRate) {
    const f = j.falseRollbackRate;
    return `${pct(f.rate)} [${pct(f.lo)}–${pct(f.hi)}]`;
  }
  return `${fmt(j.blastRadius.median)} (${pct(j.detectionRate)})`;
}

export function markdownTable(results: ScenarioResult[]): string {
  const judges = results[0]?.judges.map((j) => j.judge) ?? [];
  const head = `| Scenario | ${judges.join(' | ')} | Wald floor (mean) | Median floor |`;
  const sep = `|${'---|'.repeat(judges.length + 3)}`;
  const floor = (x: number | null): string => (x === null ? '–' : fmt(x));
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.judges.map((j) => cell(r, j)).join(' | ')} | ${floor(r.waldFloor)} | ${floor(r.medianFloor.requests)} |`,
  );
  return [head, sep, ...rows].join('\n');
}

/** The cell, if its target (the baseline's median / k) lies below the median floor: no judge can meet it. */
function beyondFloor(r: ScenarioResult, base: string, k: number, minuteGrain: boolean): string[] {
  const b = find(r, base)?.blastRadius.median;
  const floor = minuteGrain ? r.medianFloor.minutes : r.medianFloor.requests;
  if (b === undefined || floor === null || b / k >= floor) return [];
  return [`${r.name}: target ${fmt(b)} / ${k} = ${(b / k).toFixed(1)} is below the median floor ${fmt(floor)}`];
}

function ratio(r: ScenarioResult, base: string, seq: string): number {
  const [b, s] = [find(r, base), find(r, seq)];
  return b && s ? b.blastRadius.median / s.blastRadius.median : NaN;
}

export function checkGoals(results: ScenarioResult[]): Goal[] {
  const goals: Goal[] = [];
  const bad = results.filter((r) => r.bad);
  for (const judge of SEQ) {
    for (const r of results.filter((x) => /^s1-|^s2-/.test(x.name) && x.waldFloor)) {
      const m = find(r, judge)?.blastRadius.median ?? NaN;
      const x = m / (r.waldFloor as number);
      goals.push({
        goal: `median blast radius ≤ 1.3× Wald floor on ${r.name}`,
        judge,
        met: x <= 1.3,
        detail: `${fmt(m)} / ${fmt(r.waldFloor as number)} = ${x.toFixed(2)}×`,
      });
    }
    for (const [base, k] of [
      ['Flagger (1m, thr 5)', 5],
      ['Kayenta (3×10m)', 10],
    ] as const) {
      const ratios = bad.map((r) => ({ name: r.name, x: ratio(r, base, judge) }));
      const failing = ratios.filter((q) => !(q.x >= k));
      const unreachable = bad.flatMap((r) => beyondFloor(r, base, k, MINUTE_GRAIN.has(judge)));
      goals.push({
        goal: `≥ ${k}× fewer exposed requests (median) than ${base} on every bad scenario`,
        judge,
        met: failing.length === 0,
        detail: ratios.map((q) => `${q.name} ${q.x.toFixed(1)}×`).join(', '),
        ...(unreachable.length ? { unreachable } : {}),
      });
    }
    for (const r of results.filter((x) => !x.bad)) {
      const f = find(r, judge)?.falseRollbackRate;
      const met = !!f && f.rate <= ALPHA && f.hi <= 1.5 * ALPHA;
      goals.push({
        goal: `false-rollback rate ≤ α and Wilson upper ≤ 1.5α on ${r.name}`,
        judge,
        met,
        detail: f ? `${pct(f.rate)} [${pct(f.lo)}–${pct(f.hi)}]` : 'n/a',
      });
    }
    for (const r of results.filter((x) => /^s3/.test(x.name))) {
      const d = find(r, judge)?.detectionRate ?? 0;
      goals.push({ goal: `p99 +50 ms detected (≥ 95 % of seeds) on ${r.name}`, judge, met: d >= 0.95, detail: pct(d) });
    }
  }
  return goals;
}
