// What a schedule's firing did, read from its scheduledCanaryWorkflow run: started a rollout, or skipped (a rollout
// was active, or the version is already live). Shown beside each recent action of a schedule.
import type { Client } from '@temporalio/client';
import type { scheduledCanaryWorkflow } from '../workflows/scheduled-canary';

type ScheduledRolloutResult = Awaited<ReturnType<typeof scheduledCanaryWorkflow>>;

export interface RecentAction {
  scheduledAt: string;
  takenAt: string;
  workflowId: string;
  /** The firing's result once its run completed: a started rollout or a skip with its reason. */
  outcome?: ScheduledRolloutResult;
  /** The firing's run did not complete (running, failed or timed out): its Temporal status. */
  status?: string;
}

export async function firingOutcome(
  client: Client,
  run: { workflowId: string; firstExecutionRunId: string },
): Promise<Pick<RecentAction, 'outcome' | 'status'>> {
  try {
    const handle = client.workflow.getHandle(run.workflowId, run.firstExecutionRunId);
    const { status } = await handle.describe();
    if (status.name !== 'COMPLETED') return { status: status.name };
    return { outcome: (await handle.result()) as ScheduledRolloutResult };
  } catch {
    return {}; // gone from retention: the action's time and id still say it happened
  }
}
