// Before a scheduled canary starts a rollout: is the model it would roll out (`@latest` resolved by the plan check)
// the version the baseline already serves? Then the firing is a skip, sent to the plan's channels and matching
// subscriptions as `schedule.skipped`. A check that fails or finds problems never skips: the rollout then records its own refusal.
import { Context, log } from '@temporalio/activity';
import { rolloutId } from '../domain/endpoint';
import type { EndpointRef } from '../domain/endpoint';
import type { RolloutPlan } from '../domain/plan';
import { sameModelVersion } from '../domain/model-version';
import type { DeliverInput, DeliveryReport, PlanCheck, PlanCheckInput } from './types';

export interface LiveCheckDeps {
  checkPlan(input: PlanCheckInput): Promise<PlanCheck>;
  deliverNotification?(input: DeliverInput): Promise<DeliveryReport>;
}

export interface AlreadyLive {
  reason: string;
  model: string;
}

export async function alreadyLive(
  deps: LiveCheckDeps,
  { scheduleId, target, plan }: { scheduleId: string; target: EndpointRef; plan: RolloutPlan },
): Promise<AlreadyLive | undefined> {
  let check: PlanCheck;
  try {
    check = await deps.checkPlan({ target, plan });
  } catch (error) {
    log.warn('scheduled canary: plan check failed, starting the rollout to record it', { scheduleId, error });
    return undefined;
  }
  const baseline = check.endpoint.deployments.find((d) => d.name === check.baseline);
  if (check.problems.length > 0 || !baseline || !sameModelVersion(check.model, baseline.model)) return undefined;
  const reason = `${check.model} (from ${plan.candidate.model}) is already live on ${check.baseline}`;
  log.info('scheduled canary skipped: version already live', { scheduleId, model: check.model });
  if (deps.deliverNotification) {
    // One firing, one workflow: its id makes the delivery key, so a retried activity does not send twice.
    const firing = firingId(scheduleId);
    const event = {
      trigger: 'schedule.skipped' as const,
      triggers: ['schedule.skipped' as const],
      sequence: 0,
      rolloutId: rolloutId(target),
      runId: firing,
      endpoint: target.endpoint,
      state: 'Skipped',
      weight: 0,
      evidence: `schedule ${scheduleId}: ${reason}`,
      actor: `schedule:${scheduleId}`,
      at: new Date().toISOString(),
      model: check.model,
      candidate: check.candidateName,
    };
    // Best effort: the skip stands whether or not anyone hears of it.
    await deps.deliverNotification({ event, notifications: plan.notifications }).catch((error: unknown) => {
      log.warn('scheduled canary: skip notification failed', { scheduleId, error });
    });
  }
  return { reason, model: check.model };
}

/** The firing's workflow id (unique per firing); the schedule's id outside a worker. */
function firingId(scheduleId: string): string {
  try {
    return Context.current().info.workflowExecution?.workflowId ?? scheduleId;
  } catch {
    return scheduleId;
  }
}
