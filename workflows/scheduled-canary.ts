// The thin workflow a canary Schedule starts (the server suffixes its id with a timestamp, so it cannot be the
// rollout itself): it asks an activity to start the rollout under the endpoint's id, or records that one is active.
import { log, proxyActivities } from '@temporalio/workflow';
import type {
  RolloutStarterActivities,
  ScheduledRolloutInput,
  ScheduledRolloutResult,
} from '../activities/rollout-starter';

const { startScheduledRollout } = proxyActivities<RolloutStarterActivities>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 5, initialInterval: '1s' },
});

export async function scheduledCanaryWorkflow(input: ScheduledRolloutInput): Promise<ScheduledRolloutResult> {
  const result = await startScheduledRollout(input);
  if (result.started)
    log.info('scheduled rollout started', { rolloutId: result.rolloutId, scheduleId: input.scheduleId });
  else
    log.info('scheduled rollout skipped', {
      rolloutId: result.rolloutId,
      scheduleId: input.scheduleId,
      reason: result.reason,
    });
  return result;
}
