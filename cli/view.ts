// The rollout as text, for `status` and each redraw of `watch`: state, the stage timeline with the current stage
// marked, the traffic set by the plan against the traffic read back from Azure, the mirror, and the latest verdicts.
import type { TrafficMap } from '../domain/endpoint';
import type { RolloutStatus } from '../domain/status';
import { stepTraffic, trafficFrame } from '../domain/traffic';
import { formatTraffic, renderTable } from './output';

export type StatusView = Omit<RolloutStatus, 'events'> & { id?: string; events?: RolloutStatus['events'] };

/** What the view needs of a plan file (read locally, so not validated: the API validates). */
export interface PlanOutline {
  stages: { kind: string; name?: string; weight?: number; percent?: number }[];
}

const GATES_SHOWN = 4;
const EVENTS_SHOWN = 5;

/**
 * The traffic and mirror each stage of the plan sets, by the workflow's rule (domain/traffic.ts): the candidate takes
 * from the baseline's share; other deployments, read from the live traffic, keep theirs (the rollout never moves them).
 */
export function plannedTraffic(
  stages: PlanOutline['stages'],
  baseline: string,
  candidate: string,
  live: TrafficMap = {},
) {
  const { others } = trafficFrame(live, baseline, candidate);
  const share = 100 - Object.values(others).reduce((sum, pct) => sum + pct, 0);
  const frame = trafficFrame({ ...others, [baseline]: share }, baseline, candidate);
  let weight = 0;
  return stages.map((stage) => {
    let mirror = 0;
    if (stage.kind === 'canary') weight = stage.weight ?? 0;
    else if (stage.kind === 'mirror') mirror = stage.percent ?? 0;
    else if (stage.kind === 'promote' || stage.kind === 'cleanup') weight = share;
    return stepTraffic(frame, weight, mirror);
  });
}

/** Done `*`, current `>`, where it ended other than succeeding `x`, not reached blank. */
function timeline(status: StatusView, plan: PlanOutline | undefined): string[] {
  const done = status.outcome !== undefined;
  const succeeded = status.state === 'Succeeded';
  const kinds = new Map<number, string>(status.gates.map((g) => [g.stageIndex, g.stage]));
  // A rollout that succeeded has moved past its last stage: its index then names no stage.
  if (status.stage && !succeeded) kinds.set(status.stageIndex, status.stage);
  const count = plan
    ? plan.stages.length
    : Math.max(succeeded ? 0 : status.stageIndex + 1, ...[...kinds.keys()].map((k) => k + 1));
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const stage = plan?.stages[i];
    const kind = stage?.kind ?? kinds.get(i) ?? '?';
    const name = stage?.name ? ` ${stage.name}` : '';
    const current = i === status.stageIndex;
    let mark = i < status.stageIndex ? '*' : ' ';
    if (current) mark = !done ? '>' : succeeded ? '*' : 'x';
    lines.push(`  ${mark} ${String(i + 1).padStart(2)} ${kind}${name}${current && !done ? '   <- current' : ''}`);
  }
  return lines;
}

export function renderStatus(status: StatusView, plan?: PlanOutline): string {
  const planned =
    plan && plannedTraffic(plan.stages, status.baseline, status.candidate, status.traffic)[status.stageIndex];
  const state = `${status.state}${status.paused ? ' (paused)' : ''}`;
  const out = [
    `rollout   ${status.id ?? status.rolloutId}`,
    `state     ${state}${status.outcome ? '' : `   stage ${status.stageIndex + 1}${status.stage ? ` ${status.stage}` : ''}`}`,
    `model     ${status.model || '-'}   baseline ${status.baseline || '-'} -> candidate ${status.candidate || '-'}`,
    `traffic   read back ${formatTraffic(status.traffic)}${planned ? `   set ${formatTraffic(planned.traffic)}` : ''}`,
    `mirror    read back ${formatTraffic(status.mirrorTraffic)}${planned ? `   set ${formatTraffic(planned.mirrorTraffic)}` : ''}`,
  ];
  if (status.awaiting) {
    out.push(
      `awaiting  approval at gate ${status.awaiting.gate} until ${status.awaiting.timeoutAt}` +
        (status.awaiting.approvers.length ? ` (approved by ${status.awaiting.approvers.join(', ')})` : ''),
    );
  }
  if (status.outcome) out.push(`outcome   ${status.outcome.result}: ${status.outcome.reason}`);
  out.push('', 'stages', ...timeline(status, plan));
  // A gate records a verdict at every metrics read: show each stage's latest.
  const latest = new Map(status.gates.map((g) => [g.stageIndex, g]));
  const gates = [...latest.values()].slice(-GATES_SHOWN);
  if (gates.length) {
    const rows = gates.map((g) => [
      String(g.stageIndex + 1),
      g.stage,
      g.verdict.kind,
      g.verdict.rule,
      g.verdict.reasons.join('; '),
    ]);
    out.push('', 'latest gate verdicts', renderTable(['STAGE', 'KIND', 'VERDICT', 'RULE', 'REASON'], rows));
  }
  const events = (status.events ?? []).slice(-EVENTS_SHOWN);
  if (events.length) {
    out.push('', 'latest events');
    for (const e of events) out.push(`  ${e.at}  ${e.type}  by ${e.actor}${e.reason ? `: ${e.reason}` : ''}`);
  }
  return out.join('\n');
}
