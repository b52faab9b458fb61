// The chaos figures: per-kind outcomes, the four counts the issue asks for, recovery times; the last line is the
// one-line verdict `chaos: N rollouts, W wrong end states, O out-of-plan traffic states, U unverified rollbacks`.
import type { ChaosResult } from './run';

export interface ChaosSummary {
  rollouts: number;
  wrongEndStates: number;
  outOfPlanTrafficStates: number;
  unverifiedRollbacks: number;
  lostEvents: number;
  recovery: Record<string, { count: number; p50Ms?: number; maxMs?: number }>;
}

export function summarize(result: ChaosResult): ChaosSummary {
  const recovery: ChaosSummary['recovery'] = {};
  for (const kind of ['worker-kill', 'server-restart']) {
    const all = result.disruptions.filter((d) => d.kind === kind);
    const times = all.flatMap((d) => (d.recoverMs === undefined ? [] : [d.recoverMs])).sort((a, b) => a - b);
    recovery[kind] = { count: all.length, p50Ms: times[Math.floor((times.length - 1) / 2)], maxMs: times.at(-1) };
  }
  return {
    rollouts: result.rollouts.length,
    wrongEndStates: result.rollouts.filter((r) => r.wrong).length,
    outOfPlanTrafficStates: result.outOfPlan.length,
    unverifiedRollbacks: result.rollouts.filter((r) => r.rollbackVerified === false).length,
    lostEvents: result.rollouts.reduce((sum, r) => sum + r.lostEvents.length, 0),
    recovery,
  };
}

export function printReport(result: ChaosResult, summary: ChaosSummary, print: (line: string) => void): void {
  const s = (ms?: number) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
  print('');
  print(`wall ${s(result.wallMs)}, ${result.samples} traffic samples, seed ${result.options.seed}`);
  for (const kind of ['good', 'bad', 'failed-deploy'] as const) {
    const runs = result.rollouts.filter((r) => r.kind === kind);
    const ends: Record<string, number> = {};
    for (const r of runs) ends[r.actual] = (ends[r.actual] ?? 0) + 1;
    const median = runs.map((r) => r.durationMs).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)];
    print(`  ${kind}: ${runs.length} rollouts, ends ${JSON.stringify(ends)}, median ${s(median)}`);
  }
  print(`faults injected: ${JSON.stringify(result.faults)}`);
  for (const [kind, r] of Object.entries(summary.recovery))
    print(`${kind}: ${r.count}, time to recover p50 ${s(r.p50Ms)}, max ${s(r.maxMs)}`);
  if (result.workerUnexpectedExits) print(`worker exits not caused by the bench: ${result.workerUnexpectedExits}`);
  for (const r of result.rollouts.filter((x) => x.wrong)) print(`WRONG #${r.n} ${r.endpoint} ${r.kind}: ${r.wrong}`);
  for (const o of result.outOfPlan)
    print(`OUT OF PLAN ${o.endpoint} ${o.rolloutId} ${o.at}: ${JSON.stringify(o.state)}`);
  for (const r of result.rollouts.filter((x) => x.rollbackVerified === false))
    print(`UNVERIFIED ROLLBACK #${r.n} ${r.endpoint}: ${r.reason}`);
  for (const r of result.rollouts.filter((x) => x.lostEvents.length))
    print(`EVENTS LOST #${r.n} ${r.endpoint}: ${r.lostEvents.join('; ')}`);
  print(`events lost: ${summary.lostEvents}`);
  print(
    `chaos: ${summary.rollouts} rollouts, ${summary.wrongEndStates} wrong end states, ` +
      `${summary.outOfPlanTrafficStates} out-of-plan traffic states, ${summary.unverifiedRollbacks} unverified rollbacks`,
  );
}
