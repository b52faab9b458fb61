// Pure: a plan's timeline as a dry run shows it: the traffic and mirror share at each stage, the gate that guards
// it and the worst-case wall time (provisioning and validation requests excluded, since Azure decides those).
import type { CapacityStep } from './capacity';
import { durationMs } from './duration';
import type { TrafficMap } from './endpoint';
import type { AnalysisPolicy, RolloutPlan, Stage, StageKind } from './plan';
import { promotedTraffic, retiredTraffic, stepTraffic, trafficFrame, type TrafficFrame } from './traffic';

export interface TimelineGate {
  kind: 'metrics' | 'validation' | 'approval';
  description: string;
}

export interface TimelineStep {
  index: number;
  kind: StageKind;
  description: string;
  /** Live traffic while this stage runs, by deployment name. */
  traffic: Record<string, number>;
  /** Mirror share while this stage runs, by deployment name (empty when not mirroring). */
  mirrorTraffic: Record<string, number>;
  gate?: TimelineGate;
  /** Longest this stage can take, null when a human may hold it indefinitely. */
  maxDurationMs: number | null;
  /** Instances and concurrent requests of each deployment against what its share needs (from the live endpoint). */
  capacity?: Omit<CapacityStep, 'index' | 'kind'>;
}

export interface Timeline {
  baseline: string;
  candidate: string;
  steps: TimelineStep[];
  /** Sum of the stages' maxima; null when some stage is unbounded (e.g. an approval that pauses on timeout). */
  worstCaseDurationMs: number | null;
  worstCase: string;
  excludes: string[];
}

/** 5400000 → '1h 30m'. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1_000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ');
}

function metricsGate(policy: AnalysisPolicy, what: string): TimelineGate {
  return {
    kind: 'metrics',
    description:
      `${policy.judge} judge on ${what} every ${policy.interval} (at least ${policy.minRequests} candidate requests, ` +
      `error rate at most ${policy.slo.maxErrorRate}); fail rolls back, inconclusive pauses`,
  };
}

interface Shares {
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
}

function describe(stage: Stage, policy: AnalysisPolicy, names: { baseline: string; candidate: string }) {
  switch (stage.kind) {
    case 'deploy':
      return { description: `create ${names.candidate} with 0% traffic beside ${names.baseline}`, maxDurationMs: 0 };
    case 'validate':
      return {
        description: `send ${stage.requests} requests to each deployment with the deployment header`,
        gate: {
          kind: 'validation' as const,
          description:
            `error rate at most ${stage.maxErrorRate}, agreement with ${names.baseline} at least ${stage.minAgreement}` +
            (stage.maxP99LatencyMs ? `, p99 at most ${stage.maxP99LatencyMs} ms` : ''),
        },
        maxDurationMs: 0,
      };
    case 'mirror':
      return {
        description: `mirror ${stage.percent}% of live traffic to ${names.candidate} for ${stage.duration}`,
        gate: metricsGate(policy, 'mirrored requests'),
        maxDurationMs: durationMs(stage.duration),
      };
    case 'canary':
      return {
        description: `${stage.weight}% of live traffic to ${names.candidate} for ${stage.bake}`,
        gate: metricsGate(policy, 'live requests'),
        maxDurationMs: durationMs(stage.bake),
      };
    case 'approval':
      return {
        description: `wait for approval${stage.name ? ` '${stage.name}'` : ''} by ${stage.approvers.length ? stage.approvers.join(', ') : 'a release manager'}`,
        gate: { kind: 'approval' as const, description: `on timeout after ${stage.timeout}: ${stage.onTimeout}` },
        maxDurationMs: stage.onTimeout === 'pause' ? null : durationMs(stage.timeout),
      };
    case 'promote':
      return {
        description: `100% to ${names.candidate}, then watch for ${stage.watch} with ${names.baseline} kept for instant rollback`,
        gate: metricsGate(policy, 'live requests'),
        maxDurationMs: durationMs(stage.watch),
      };
    case 'cleanup':
      return {
        description: `${stage.baseline === 'delete' ? 'delete' : 'keep'} ${names.baseline} after ${stage.delay}`,
        maxDurationMs: durationMs(stage.delay),
      };
    case 'scale':
      return {
        description: `scale ${names[stage.deployment]} to ${stage.instance_count} instances`,
        maxDurationMs: 0,
      };
  }
}

/** The shares the workflow sets (domain/traffic.ts), the candidate shown at 0 while it stands beside the baseline. */
function sharesAfter(stage: Stage, before: Shares, frame: TrafficFrame): Shares {
  const idle = (state: Shares): Shares => ({ ...state, traffic: { ...state.traffic, [frame.candidate]: 0 } });
  switch (stage.kind) {
    case 'mirror':
      return idle(stepTraffic(frame, 0, stage.percent));
    case 'canary':
      return stepTraffic(frame, stage.weight);
    case 'promote':
      return promotedTraffic(frame);
    case 'cleanup':
      return stage.baseline === 'keep' ? promotedTraffic(frame) : retiredTraffic(frame);
    case 'deploy':
    case 'validate':
      return idle(stepTraffic(frame, 0));
    case 'approval':
    case 'scale':
      return before;
  }
}

function capacityAt({ baseline, candidate, resizeCandidate }: CapacityStep): TimelineStep['capacity'] {
  return {
    baseline,
    ...(candidate ? { candidate } : {}),
    ...(resizeCandidate !== undefined ? { resizeCandidate } : {}),
  };
}

/** `start`: the endpoint's live traffic (left out: the baseline serves everything). */
export function buildTimeline(
  plan: RolloutPlan,
  names: { baseline: string; candidate: string },
  start: TrafficMap = { [names.baseline]: 100 },
  capacity: CapacityStep[] = [],
): Timeline {
  // An endpoint that is not there (or serves nothing) has no shares to keep: show the baseline's as 100%.
  const known = (start[names.baseline] ?? 0) > 0 ? start : { [names.baseline]: 100 };
  const frame = trafficFrame(known, names.baseline, names.candidate);
  let shares: Shares = stepTraffic(frame, 0);
  const steps = plan.stages.map((stage, index): TimelineStep => {
    shares = sharesAfter(stage, shares, frame);
    const sized = capacity.find((c) => c.index === index);
    return {
      index,
      kind: stage.kind,
      ...describe(stage, plan.analysis, names),
      ...shares,
      ...(sized ? { capacity: capacityAt(sized) } : {}),
    };
  });
  const unbounded = steps.some((step) => step.maxDurationMs === null);
  const total = steps.reduce((sum, step) => sum + (step.maxDurationMs ?? 0), 0);
  return {
    ...names,
    steps,
    worstCaseDurationMs: unbounded ? null : total,
    worstCase: unbounded
      ? `unbounded (an approval pauses on timeout; at least ${formatDuration(total)})`
      : formatDuration(total),
    excludes: ['Azure provisioning of the candidate', 'validation requests', 'time spent paused'],
  };
}
