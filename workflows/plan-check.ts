// A dry run of a plan against the live endpoint: runs the checkPlan activity on the worker, so the API can answer
// with every problem (schema and Azure rules) before a rollout starts, without touching Azure itself.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities, PlanCheck, PlanCheckInput } from '../activities/types';

export const PLAN_CHECK_WORKFLOW = 'planCheckWorkflow';

const { checkPlan } = proxyActivities<Pick<Activities, 'checkPlan'>>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: '500ms', nonRetryableErrorTypes: ['InvalidPlan', 'NotFound', 'AzureRejected'] },
});

export async function planCheckWorkflow(input: PlanCheckInput): Promise<PlanCheck> {
  return checkPlan(input);
}
