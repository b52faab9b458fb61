// The activity behind scheduled canaries: starts rolloutWorkflow under the endpoint's rollout id (conflict policy
// FAIL) so a schedule never stacks a second rollout on an endpoint; "already started" is recorded, not an error.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { rolloutId } from '../domain/endpoint';
import type { EndpointRef } from '../domain/endpoint';
import type { RolloutPlan } from '../domain/plan';
import { ROLLOUT_WORKFLOW, type RolloutStartInput } from '../domain/workflow-types';

export interface ScheduledRolloutInput {
  scheduleId: string;
  target: EndpointRef;
  /** Parsed plan template; its model may be `azureml:NAME@latest`, resolved by the rollout's checkPlan. */
  plan: RolloutPlan;
}

export type ScheduledRolloutResult =
  | { started: true; rolloutId: string; runId: string }
  | { started: false; rolloutId: string; reason: string; activeRunId?: string };

export interface RolloutStarterActivities {
  startScheduledRollout(input: ScheduledRolloutInput): Promise<ScheduledRolloutResult>;
}

export function createRolloutStarter(deps: { client: Client; taskQueue: string }): RolloutStarterActivities {
  return {
    async startScheduledRollout({ scheduleId, target, plan }) {
      const id = rolloutId(target);
      const input: RolloutStartInput = {
        rolloutId: id,
        target,
        plan,
        startedBy: `schedule:${scheduleId}`,
        reason: `scheduled canary ${scheduleId}`,
      };
      try {
        const handle = await deps.client.workflow.start(ROLLOUT_WORKFLOW, {
          taskQueue: deps.taskQueue,
          workflowId: id,
          workflowIdConflictPolicy: 'FAIL',
          args: [input],
        });
        return { started: true, rolloutId: id, runId: handle.firstExecutionRunId };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          const description = await deps.client.workflow
            .getHandle(id)
            .describe()
            .catch(() => undefined);
          return {
            started: false,
            rolloutId: id,
            reason: 'a rollout is already active on the endpoint',
            activeRunId: description?.runId,
          };
        }
        throw error;
      }
    },
  };
}
