// The rollout's whole state in one plain-JSON object: the public status plus what the workflow needs to resume
// (bake progress, pending controls). Carried verbatim across continue-as-new, so no Map, Set or class instances.
// The one writer of it: handlers and stages change it only through the transitions below, each of which keeps
// `updatedAt` current.
import type { GateRecord, RolloutEvent, RolloutState, RolloutStatus, WindowHoldStatus } from '../domain/status';
import type { TrafficMap, TrafficState } from '../domain/endpoint';
import type { StageKind } from '../domain/plan';
import type { Verdict } from '../domain/verdict';
import type { JudgeState } from '../analysis/types';
import type { ArmTotals } from '../analysis/totals';
import { CURRENT_JUDGE_VERSION } from '../analysis';
import type { ControlInput, RolloutInput } from './messages';
import { boundEvents, boundGates, boundStatus } from './fold';
import type { NotifyProgress } from './notifier';

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
  /** createDeployment was attempted on a name that did not exist, so rollback deletes the candidate. */
  candidateCreated: boolean;
  /** The candidate's name was an existing deployment (the plan said `replace: true`): never deleted by a rollback. */
  candidateExisted?: boolean;
  /** The endpoint's live traffic at plan check: the frame every step and the rollback keep (workflows/traffic.ts). */
  startTraffic?: TrafficMap;
  baselineDeleted: boolean;
  bake?: BakeProgress;
  approval?: { decision: 'approve' | 'reject'; control: ControlInput };
  rollbackRequest?: ControlInput;
  /** The promote update: skip the remaining canary steps. */
  promoteRequest?: ControlInput;
  /** The pause is the approval gate's own (its timeout with onTimeout 'pause'): a decision on the gate ends it. */
  gatePause?: boolean;
  /** The abandonRollback update: the retrying rollback stops and the rollout ends Failed. */
  abandonRequest?: ControlInput;
  /** The judge version this rollout uses for its life (recorded at start; absent in runs from before pinning). */
  judgeVersion?: number;
  /** The baseline's totals over every gate read before promotion: the watch compares the candidate with them. */
  baselineHistory?: ArmTotals;
  /** Stage index → the candidate's instance count before that stage changes traffic (from the plan check). */
  candidateSizes?: Record<string, number>;
  /** No live deployment before this rollout; `endpointCreated` once createEndpoint was attempted. */
  firstRelease?: { createEndpoint: boolean; endpointCreated?: boolean };
  /** Events handed to the notification activity so far, and deliveries still in flight (absent before channels). */
  notify?: NotifyProgress;
  /** The overrideWindow update: deployment windows no longer hold this rollout. */
  windowOverride?: ControlInput;
}

export type CarriedRun = RunState;

export function initialRun(input: RolloutInput, now: string): RunState {
  const kind = input.plan.analysis.judge;
  const judge = { kind, version: input.judgeVersion ?? CURRENT_JUDGE_VERSION[kind] };
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
      events: [{ at: now, type: 'rollout.started', actor: input.startedBy, reason: input.reason, details: { judge } }],
      startedAt: now,
      updatedAt: now,
    },
    planChecked: false,
    candidateCreated: false,
    baselineDeleted: false,
    judgeVersion: judge.version,
  };
}

/** A run carried across continue-as-new, bounded (a run of code from before the fold may carry everything). */
export function carriedRun(carried: RunState): RunState {
  boundStatus(carried.status);
  return carried;
}

export function nowIso(): string {
  // Workflow code: Date is Temporal's deterministic workflow time.
  return new Date().toISOString();
}

export function addEvent(run: RunState, event: Omit<RolloutEvent, 'at'>): void {
  const at = nowIso();
  const clean = Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined));
  run.status.events.push({ at, ...clean } as RolloutEvent);
  boundEvents(run.status);
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
  boundGates(run.status);
  run.status.updatedAt = gate.at;
  return run.status.gates[run.status.gates.length - 1];
}

export function finish(run: RunState, result: 'Succeeded' | 'RolledBack' | 'Failed' | 'Refused', reason: string): void {
  const at = nowIso();
  run.status.state = result;
  run.status.paused = false;
  closeGate(run);
  run.status.outcome = { result, reason, at };
  run.status.updatedAt = at;
}

/** Who is behind a transition, as its event records it. */
export type Cause = Pick<RolloutEvent, 'actor' | 'reason' | 'details'>;

/** A control update as the event log records it: its actor, reason and comment. */
export function byControl(control: ControlInput, details?: Record<string, unknown>): Cause {
  const extra = {
    ...(control.comment ? { comment: control.comment } : {}),
    ...(control.actorName && control.actorName !== control.actor ? { actorName: control.actorName } : {}),
    ...details,
  };
  return { actor: control.actor, reason: control.reason, details: Object.keys(extra).length > 0 ? extra : undefined };
}

function touch(run: RunState): void {
  run.status.updatedAt = nowIso();
}

export function setStageIndex(run: RunState, stageIndex: number): void {
  run.status.stageIndex = stageIndex;
  touch(run);
}

/** Freezes progress and timers; the state underneath stays what it was. */
export function pause(run: RunState, by: Cause): void {
  run.status.paused = true;
  addEvent(run, { type: 'paused', ...by });
}

/** The approval gate's timeout pauses the rollout until a human decides. */
export function pauseAtGate(run: RunState, by: Cause): void {
  pause(run, by);
  run.gatePause = true;
}

export function resume(run: RunState, by: Cause): void {
  run.status.paused = false;
  run.gatePause = undefined;
  addEvent(run, { type: 'resumed', ...by });
}

export function requestRollback(run: RunState, control: ControlInput): void {
  run.rollbackRequest = control;
  addEvent(run, { type: 'rollback.requested', ...byControl(control) });
  setState(run, 'RollingBack');
}

export function requestPromote(run: RunState, control: ControlInput): void {
  run.promoteRequest = control;
  addEvent(run, { type: 'promote.requested', ...byControl(control) });
}

/**
 * An approve or reject on the waiting gate. It ends the gate's own pause (its timeout's), which is what that pause
 * waited for, but not a pause someone set: the rollout goes on only once they resume it.
 */
export function decide(run: RunState, decision: 'approve' | 'reject', control: ControlInput): void {
  run.approval = { decision, control };
  const type = decision === 'approve' ? 'approval.approved' : 'approval.rejected';
  const awaiting = run.status.awaiting;
  const override = decision === 'approve' && awaiting?.notBy === control.actor && control.overrideTwoPersonRule;
  const details = { gate: awaiting?.gate, ...(override ? { twoPersonOverride: true } : {}) };
  addEvent(run, { type, ...byControl(control, details) });
  if (run.status.paused && run.gatePause) resume(run, byControl(control));
}

type Awaiting = NonNullable<RolloutStatus['awaiting']>;

/**
 * Opens an approval gate. AwaitingApproval overlays the state the rollout was in; that state is returned, for
 * closeGate to restore once the gate lets the rollout go on.
 */
export function awaitGate(run: RunState, awaiting: Omit<Awaiting, 'since'>, message?: string): RolloutState {
  const overlaid = run.status.state === 'AwaitingApproval' ? 'Pending' : run.status.state;
  run.approval = undefined;
  setState(run, 'AwaitingApproval', 'approval');
  const { gate, timeoutAt, approvers, notBy } = awaiting;
  run.status.awaiting = { gate, since: nowIso(), timeoutAt, approvers, ...(notBy !== undefined ? { notBy } : {}) };
  addEvent(run, { type: 'approval.awaiting', actor: 'system', details: { gate, message } });
  return overlaid;
}

/** Drops the waiting gate and its decision; `restore` ends the AwaitingApproval overlay. */
export function closeGate(run: RunState, restore?: RolloutState): void {
  run.approval = undefined;
  delete run.status.awaiting;
  if (restore !== undefined) run.status.state = restore;
  touch(run);
}

/** The rollback begins: no pause, gate or window holds it. Its progress shows in the status until the rollout ends. */
export function startRollback(run: RunState, cause: Cause): void {
  setState(run, 'RollingBack');
  run.status.paused = false;
  closeGate(run);
  delete run.status.window;
  run.status.rollback = { reason: cause.reason ?? 'rollback', actor: cause.actor, since: nowIso(), attempts: 0 };
  addEvent(run, { type: 'rollback.started', ...cause });
}

/** A restore attempt failed (an error, or a read-back that did not match); the rollback waits and tries again. */
export function rollbackAttemptFailed(run: RunState, error: string): void {
  const progress = run.status.rollback;
  if (!progress) return;
  progress.attempts += 1;
  progress.lastError = error;
  progress.lastAttemptAt = nowIso();
  run.status.updatedAt = progress.lastAttemptAt;
}

/** The rollback has been stuck past the alert threshold and the alert went out (once). */
export function markRollbackAlerted(run: RunState): void {
  const progress = run.status.rollback;
  if (!progress) return;
  progress.alertedAt = nowIso();
  addEvent(run, {
    type: 'rollback.stuck',
    actor: 'system',
    reason: progress.lastError,
    details: { attempts: progress.attempts, since: progress.since },
  });
}

/** An SRE or admin gives up on the rollback; it stops before its next attempt. */
export function requestAbandon(run: RunState, control: ControlInput): void {
  run.abandonRequest = control;
  addEvent(run, { type: 'rollback.abandonRequested', ...byControl(control) });
}

/** The plan check resolved the deployments and the model, and read the endpoint's traffic. */
export function markPlanChecked(
  run: RunState,
  resolved: Pick<RolloutStatus, 'baseline' | 'candidate' | 'model'>,
  endpoint: TrafficState,
  candidateExisted = false,
): void {
  run.status.baseline = resolved.baseline;
  run.status.candidate = resolved.candidate;
  run.status.model = resolved.model;
  setTrafficState(run, endpoint);
  run.startTraffic = { ...endpoint.traffic };
  if (candidateExisted) run.candidateExisted = true;
  run.planChecked = true;
}

/** Set before createDeployment is attempted: from then on a rollback deletes the candidate, unless it existed before. */
export function markCandidateCreated(run: RunState): void {
  run.candidateCreated = !run.candidateExisted;
  touch(run);
}

/** Set before the baseline's deletion starts: from then on a rollback is refused. */
export function markBaselineDeleted(run: RunState): void {
  run.baselineDeleted = true;
  touch(run);
}

/** Azure drops a deleted deployment from the endpoint's maps; the status says the same. */
export function dropDeployment(run: RunState, name: string): void {
  delete run.status.traffic[name];
  delete run.status.mirrorTraffic[name];
  touch(run);
}

/** The bake to carry across continue-as-new, or none once it has ended. */
export function setBake(run: RunState, progress: BakeProgress | undefined): void {
  run.bake = progress;
  touch(run);
}

/** A deployment window holds the rollout before it increases exposure; the first check of a hold records it. */
export function holdAtWindow(run: RunState, hold: Omit<WindowHoldStatus, 'since'>): boolean {
  const current = run.status.window;
  const since = current?.stageIndex === hold.stageIndex ? current.since : nowIso();
  run.status.window = { ...hold, since };
  const changed = current?.ruleId !== hold.ruleId || current.opensAt !== hold.opensAt;
  if (changed) {
    const { ruleId, effect, opensAt, stage, stageIndex } = hold;
    addEvent(run, {
      type: 'window-hold',
      actor: 'system',
      reason: hold.reason,
      details: { ruleId, effect, opensAt, stage, stageIndex },
    });
  }
  touch(run);
  return changed;
}

/** The windows let the rollout go on (they opened, or an admin overrode them). */
export function releaseWindow(run: RunState): void {
  const held = run.status.window;
  if (!held) return;
  delete run.status.window;
  const by = run.windowOverride ? byControl(run.windowOverride) : { actor: 'system' };
  addEvent(run, {
    type: 'window-open',
    ...by,
    details: { ruleId: held.ruleId, since: held.since, overridden: run.windowOverride !== undefined },
  });
}

/** An admin lets this rollout go on through windows and freezes, with a reason. */
export function overrideWindow(run: RunState, control: ControlInput): void {
  run.windowOverride = control;
  addEvent(run, {
    type: 'window-override',
    ...byControl(control, run.status.window && { ruleId: run.status.window.ruleId }),
  });
}
