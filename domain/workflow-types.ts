// The workflow type names clients start and list by, the controls they send, and what starts a rollout: shared by
// workflows/, api/ and the scheduled-canary activity, which must not import each other.
import type { EndpointRef } from './endpoint';
import type { RolloutPlan } from './plan';

export const ROLLOUT_WORKFLOW = 'rolloutWorkflow';
export const PLAN_CHECK_WORKFLOW = 'planCheckWorkflow';
export const SCHEDULED_CANARY_WORKFLOW = 'scheduledCanaryWorkflow';

/** The controls a rollout accepts, each a workflow update of the same name. */
export const CONTROL_ACTIONS = [
  'approve',
  'reject',
  'pause',
  'resume',
  'rollback',
  'promote',
  'abandonRollback',
  'overrideWindow',
] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** The last segment of a control's route, `POST /rollouts/{id}/<path>`, and the CLI's command name. */
export function controlPath(action: ControlAction): string {
  if (action === 'abandonRollback') return 'abandon-rollback';
  return action === 'overrideWindow' ? 'override-window' : action;
}

/** What a client gives the rollout workflow; workflows/messages.ts adds the fields only the workflow itself sets. */
export interface RolloutStartInput {
  rolloutId: string;
  target: EndpointRef;
  /** Parsed and defaulted plan; the model may still be `@latest` (resolved by the workflow's first activity). */
  plan: RolloutPlan;
  startedBy: string;
  reason?: string;
  /** The server requires a second person at every approval gate, whatever the plan says. */
  requireDistinctApprover?: boolean;
}
