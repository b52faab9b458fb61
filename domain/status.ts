// The rollout's observable state: returned by the status query and the REST API. Plain JSON.
import type { Verdict } from './verdict';
import type { EndpointRef, TrafficMap } from './endpoint';
import type { StageKind } from './plan';

export const ROLLOUT_STATES = [
  'Pending', 'Deploying', 'Validating', 'Mirroring', 'Canary', 'AwaitingApproval', 'Promoting', 'Watching',
  'CleaningUp', 'Succeeded', 'RollingBack', 'RolledBack', 'Failed',
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

export interface RolloutStatus {
  rolloutId: string;
  target: EndpointRef;
  state: RolloutState;
  paused: boolean;
  stageIndex: number;
  stage?: StageKind;
  /** Present while an approval gate waits. */
  awaiting?: { gate: string; since: string; timeoutAt: string; approvers: string[] };
  baseline: string;
  candidate: string;
  model: string;
  traffic: TrafficMap;
  mirrorTraffic: TrafficMap;
  gates: GateRecord[];
  events: RolloutEvent[];
  outcome?: { result: RolloutOutcome; reason: string; at: string };
  startedAt: string;
  updatedAt: string;
}
