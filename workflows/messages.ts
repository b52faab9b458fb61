// Update and query definitions shared by the workflow and its clients (the API imports only this file).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { RolloutStatus } from '../domain/status';
import type { RolloutStartInput } from '../domain/workflow-types';
import type { CarriedRun } from './state';

export { ROLLOUT_WORKFLOW } from '../domain/workflow-types';

export interface ControlInput {
  /** Who acts: from the API token, e.g. 'alice' or 'alert:HighErrorRate'. */
  actor: string;
  reason?: string;
  /** For approve/reject: the approval gate's name, to avoid approving the wrong one. */
  gate?: string;
  comment?: string;
  /** The actor's roles from the API token; an approval gate's `approvers` may name a role or an actor. */
  roles?: string[];
}

export interface RolloutInput extends RolloutStartInput {
  /** Set by the workflow itself when it continues as new: the whole run state, plain JSON. */
  carried?: CarriedRun;
  /** Continue as new once history reaches this many events (tests set it low); Temporal's suggestion applies too. */
  historyLimit?: number;
  /** Attempts to restore the baseline's traffic before the rollout ends Failed (default 10; tests set it low). */
  restoreAttempts?: number;
}

export const approveUpdate = defineUpdate<RolloutStatus, [ControlInput]>('approve');
export const rejectUpdate = defineUpdate<RolloutStatus, [ControlInput]>('reject');
export const pauseUpdate = defineUpdate<RolloutStatus, [ControlInput]>('pause');
export const resumeUpdate = defineUpdate<RolloutStatus, [ControlInput]>('resume');
export const rollbackUpdate = defineUpdate<RolloutStatus, [ControlInput]>('rollback');
export const promoteUpdate = defineUpdate<RolloutStatus, [ControlInput]>('promote');

export const statusQuery = defineQuery<RolloutStatus>('status');
