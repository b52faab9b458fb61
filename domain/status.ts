// The rollout's observable state: returned by the status query and the REST API. Plain JSON.
import type { PreviousDeployment } from './previous-deployment';
import type { Verdict, VerdictKind } from './verdict';
import type { EndpointRef, TrafficMap } from './endpoint';
import type { StageKind } from './plan';

export const ROLLOUT_STATES = [
  'Pending',
  'Deploying',
  'Validating',
  'Mirroring',
  'Canary',
  'AwaitingApproval',
  'Promoting',
  'Watching',
  'CleaningUp',
  'Succeeded',
  'RollingBack',
  'RolledBack',
  'Failed',
  /** The plan check found problems (or could not run): the rollout ended before touching anything. */
  'Refused',
] as const;

export type RolloutState = (typeof ROLLOUT_STATES)[number];

/** How a rollout ends; its final state is the outcome. */
export const OUTCOMES = ['Succeeded', 'RolledBack', 'Failed', 'Refused'] as const satisfies readonly RolloutState[];

export type RolloutOutcome = (typeof OUTCOMES)[number];

export const TERMINAL_STATES: readonly RolloutState[] = OUTCOMES;

export function isTerminal(state: RolloutState): boolean {
  return TERMINAL_STATES.includes(state);
}

export interface RolloutEvent {
  at: string;
  type: string;
  actor: string;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface GateRecord {
  stageIndex: number;
  stage: StageKind;
  at: string;
  verdict: Verdict;
}

/** A verdict as a folded summary keeps it: reasons cut short, evidence only where it decided (and small). */
export interface VerdictSummary {
  at: string;
  kind: VerdictKind;
  rule: string;
  reasons: string[];
  evidence?: Record<string, unknown>;
}

/** The gate records of one stage that no longer fit in `gates`. */
export interface StageFold {
  stageIndex: number;
  stage: StageKind;
  gates: number;
  counts: Record<VerdictKind, number>;
  first: VerdictSummary;
  last: VerdictSummary;
  /** The most severe verdict folded (fail, then inconclusive, pass, continue; the earliest of equals), with its evidence. */
  decisive: VerdictSummary;
}

/** What left the recent lists: `gates` and `events` count them, so an event's absolute index is `events + i`. */
export interface FoldedRecord {
  gates: number;
  events: number;
  eventTypes: Record<string, number>;
  /** When the last folded event happened. */
  eventsThrough?: string;
  stages: StageFold[];
}

/**
 * A rollback under way, from its start: it retries until Azure confirms the baseline at 100% with no mirror, so
 * the attempts and the last error show why it waits.
 */
export interface RollbackProgress {
  reason: string;
  actor: string;
  since: string;
  /** Restore attempts that did not (yet) succeed. */
  attempts: number;
  lastError?: string;
  lastAttemptAt?: string;
  /** When the stuck-rollback alert went out. */
  alertedAt?: string;
}

/** A deployment window holds the rollout before it increases the candidate's exposure. */
export interface WindowHoldStatus {
  ruleId: string;
  effect: 'allow' | 'deny';
  reason: string;
  /** When the rules let the rollout go on (re-checked then); absent when no rule opens it within a year. */
  opensAt?: string;
  since: string;
  stageIndex: number;
  stage: StageKind;
}

export interface RolloutStatus {
  rolloutId: string;
  target: EndpointRef;
  state: RolloutState;
  paused: boolean;
  stageIndex: number;
  stage?: StageKind;
  /** Present while an approval gate waits. */
  awaiting?: {
    gate: string;
    since: string;
    timeoutAt: string;
    approvers: string[];
    /** The two-person rule: this actor (who started the rollout) may not approve. */
    notBy?: string;
  };
  baseline: string;
  candidate: string;
  model: string;
  traffic: TrafficMap;
  mirrorTraffic: TrafficMap;
  gates: GateRecord[];
  events: RolloutEvent[];
  rollback?: RollbackProgress;
  /** Present while a deployment window or freeze holds the rollout. */
  window?: WindowHoldStatus;
  /** Gate records and events older than the most recent ones, folded into summaries (workflows/fold.ts). */
  folded?: FoldedRecord;
  outcome?: { result: RolloutOutcome; reason: string; at: string };
  /** The baseline the cleanup deleted, as Azure held it: what POST /rollouts/{id}/revert rebuilds. */
  previousDeployment?: PreviousDeployment;
  startedAt: string;
  updatedAt: string;
}
