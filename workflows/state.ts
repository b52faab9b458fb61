// The rollout's whole state in one plain-JSON object: the public status plus what the workflow needs to resume
// (bake progress, pending controls). Carried verbatim across continue-as-new, so no Map, Set or class instances.
import type { GateRecord, RolloutEvent, RolloutState, RolloutStatus } from '../domain/status';
import type { TrafficState } from '../domain/endpoint';
import type { StageKind } from '../domain/plan';
import type { Verdict } from '../domain/verdict';
import type { JudgeState } from '../analysis/types';
import type { ControlInput, RolloutInput } from './messages';

/** Progress of a gated bake (mirror, canary step, post-promotion watch), enough to resume it after continue-as-new. */
export interface BakeProgress {
  stageIndex: number;
  /** Unpaused bake time still to run. */
  remainingMs: number;
  /** Metrics are read from here on: the end of the last window the judge saw. */
  cursor: string;
  judgeState?: JudgeState;
  /** Consecutive metric-provider failures. */
  providerErrors: number;
  /** When the bake's time ran out: the final gate waits until every grain before this has been read. */
  dueBy?: string;
  /** Grains this bake took as missing data since it started or was last resumed: its final gate cannot pass. */
  missingGrains?: number;
}

export interface RunState {
  status: RolloutStatus;
  /** checkPlan has run and resolved baseline, candidate name and model. */
  planChecked: boolean;
  /** createDeployment was attempted, so rollback deletes the candidate. */
  candidateCreated: boolean;
  baselineDeleted: boolean;
  bake?: BakeProgress;
  approval?: { decision: 'approve' | 'reject'; control: ControlInput };
  rollbackRequest?: ControlInput;
  /** The promote update: skip the remaining canary steps. */
  promoteRequest?: ControlInput;
}

export type CarriedRun = RunState;

export function initialRun(input: RolloutInput, now: string): RunState {
  return {
    status: {
      rolloutId: input.rolloutId,
      target: input.target,
      state: 'Pending',
      paused: false,
      stageIndex: 0,
      baseline: input.plan.baseline ?? '',
      candidate: input.plan.candidate.name ?? '',
      model: input.plan.candidate.model,
      traffic: {},
      mirrorTraffic: {},
      gates: [],
      events: [{ at: now, type: 'rollout.started', actor: input.startedBy, reason: input.reason }],
      startedAt: now,
      updatedAt: now,
    },
    planChecked: false,
    candidateCreated: false,
    baselineDeleted: false,
  };
}

export function nowIso(): string {
  // Workflow code: Date is Temporal's deterministic workflow time.
  return new Date().toISOString();
}

export function addEvent(run: RunState, event: Omit<RolloutEvent, 'at'>): void {
  const at = nowIso();
  const clean = Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined));
  run.status.events.push({ at, ...clean } as RolloutEvent);
  run.status.updatedAt = at;
}

export function setState(run: RunState, state: RolloutState, stage?: StageKind): void {
  run.status.state = state;
  if (stage !== undefined) run.status.stage = stage;
  run.status.updatedAt = nowIso();
}

export function setTrafficState(run: RunState, traffic: TrafficState): void {
  run.status.traffic = { ...traffic.traffic };
  run.status.mirrorTraffic = { ...traffic.mirrorTraffic };
  run.status.updatedAt = nowIso();
}

export function recordGate(run: RunState, stageIndex: number, stage: StageKind, verdict: Verdict): GateRecord {
  const gate: GateRecord = { stageIndex, stage, at: nowIso(), verdict };
  run.status.gates.push(gate);
  run.status.updatedAt = gate.at;
  return gate;
}

export function isTerminal(state: RolloutState): boolean {
  return state === 'Succeeded' || state === 'RolledBack' || state === 'Failed' || state === 'Refused';
}

export function finish(run: RunState, result: 'Succeeded' | 'RolledBack' | 'Failed' | 'Refused', reason: string): void {
  const at = nowIso();
  run.status.state = result;
  run.status.paused = false;
  run.status.awaiting = undefined;
  run.status.outcome = { result, reason, at };
  run.status.updatedAt = at;
}
