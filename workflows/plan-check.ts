// A dry run of a plan against the live endpoint: runs the checkPlan activity on the worker, so the API can answer
// with every problem (schema and Azure rules) before a rollout starts, without touching Azure itself.
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities, PlanCheck, PlanCheckInput } from '../activities/types';
import { NON_RETRYABLE_CODES } from '../domain/errors';

export const PLAN_CHECK_OPTIONS = {
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: '500ms', nonRetryableErrorTypes: [...NON_RETRYABLE_CODES] },
} satisfies ActivityOptions;

const { checkPlan } = proxyActivities<Pick<Activities, 'checkPlan'>>(PLAN_CHECK_OPTIONS);

export async function planCheckWorkflow(input: PlanCheckInput): Promise<PlanCheck> {
  return checkPlan(input);
}
