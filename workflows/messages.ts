// Update and query definitions shared by the workflow and its clients (the API imports only this file).
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { LISTING_ATTRIBUTES, type ListingField } from '../domain/search-attributes';
import type { RolloutStatus } from '../domain/status';
import type { ControlAction, RolloutStartInput } from '../domain/workflow-types';
import type { CarriedRun } from './state';

export { ROLLOUT_WORKFLOW } from '../domain/workflow-types';

export interface ControlInput {
  /** Who acts: from the API token, e.g. 'alice' or 'alert:HighErrorRate' (an Entra user's object id). */
  actor: string;
  /** The actor's display name, when it differs from the id (recorded, never matched against). */
  actorName?: string;
  reason?: string;
  /** For approve/reject: the approval gate's name, to avoid approving the wrong one. */
  gate?: string;
  comment?: string;
  /** The actor's roles from the API token; an approval gate's `approvers` may name a role or an actor. */
  roles?: string[];
  /** Approve although the approver started the rollout: admins only, recorded with the approval. */
  overrideTwoPersonRule?: boolean;
}

export interface RolloutInput extends RolloutStartInput {
  /** Set by the workflow itself when it continues as new: the whole run state, plain JSON. */
  carried?: CarriedRun;
  /** Continue as new once history reaches this many events (tests set it low); Temporal's suggestion applies too. */
  historyLimit?: number;
  /**
   * Attempts to restore the baseline's traffic before the rollout ends Failed: the bounded rollback of runs that
   * started before patch 'rollback-persists' (default 10). A rollback now retries until it is restored or abandoned.
   */
  restoreAttempts?: number;
  /**
   * Tests only (the API never sets it): pin this judge version instead of the current one, to record the saved
   * histories of older versions (test/integration/rollout/fake-judge-histories.test.ts).
   */
  judgeVersion?: number;
  /** The persistent rollback's backoff between attempts and its alert threshold (tests set them low). */
  rollbackBackoff?: { initialMs?: number; maxMs?: number; alertAfterMs?: number };
}

export const approveUpdate = defineUpdate<RolloutStatus, [ControlInput]>('approve');
export const rejectUpdate = defineUpdate<RolloutStatus, [ControlInput]>('reject');
export const pauseUpdate = defineUpdate<RolloutStatus, [ControlInput]>('pause');
export const resumeUpdate = defineUpdate<RolloutStatus, [ControlInput]>('resume');
export const rollbackUpdate = defineUpdate<RolloutStatus, [ControlInput]>('rollback');
export const promoteUpdate = defineUpdate<RolloutStatus, [ControlInput]>('promote');
/** Stops a rollback that keeps failing (sre or admin, with a reason): the rollout ends Failed, traffic as it is. */
export const abandonRollbackUpdate = defineUpdate<RolloutStatus, [ControlInput]>('abandonRollback');
/** Lets this rollout go on through deployment windows and freezes (admin, with a reason): recorded with the actor. */
export const overrideWindowUpdate = defineUpdate<RolloutStatus, [ControlInput]>('overrideWindow');

/** Each control's update, by the action the API and the CLI name it. */
export const CONTROL_UPDATES = {
  approve: approveUpdate,
  reject: rejectUpdate,
  pause: pauseUpdate,
  resume: resumeUpdate,
  rollback: rollbackUpdate,
  promote: promoteUpdate,
  abandonRollback: abandonRollbackUpdate,
  overrideWindow: overrideWindowUpdate,
} as const satisfies Record<ControlAction, unknown>;

export const statusQuery = defineQuery<RolloutStatus>('status');

const ATTRIBUTE_TYPES = {
  Keyword: SearchAttributeType.KEYWORD,
  Bool: SearchAttributeType.BOOL,
  Datetime: SearchAttributeType.DATETIME,
} as const;
type KeyOf<T extends SearchAttributeType> = ReturnType<typeof defineSearchAttributeKey<T>>;
type ListingKeys = { [F in ListingField]: KeyOf<(typeof ATTRIBUTE_TYPES)[(typeof LISTING_ATTRIBUTES)[F]['type']]> };

/** The listing's search attribute keys (names and types from domain/): the workflow upserts them, the API reads them. */
export const LISTING_KEYS = Object.fromEntries(
  Object.entries(LISTING_ATTRIBUTES).map(([field, { name, type }]) => [
    field,
    defineSearchAttributeKey(name, ATTRIBUTE_TYPES[type]),
  ]),
) as ListingKeys;
