// Before a scheduled canary starts a rollout: is the model it would roll out (`@latest` resolved by the plan check)
// the version the baseline already serves? Then the firing is a skip, sent to the plan's webhook as
// `schedule.skipped`. A check that fails or finds problems never skips: the rollout then records its own refusal.
import { log } from '@temporalio/activity';
import type { EndpointRef } from '../domain/endpoint';
import type { RolloutPlan } from '../domain/plan';
import { sameModelVersion } from '../domain/model-version';
import type { NotifyInput, PlanCheck, PlanCheckInput } from './types';

export interface LiveCheckDeps {
  checkPlan(input: PlanCheckInput): Promise<PlanCheck>;
  notify?(input: NotifyInput): Promise<void>;
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
  const webhookUrl = (plan.notifications as { webhookUrl?: string } | undefined)?.webhookUrl;
  if (webhookUrl && deps.notify) {
    const event = { type: 'schedule.skipped', scheduleId, endpoint: target.endpoint, model: check.model, reason };
    // Best effort: the skip stands whether or not the webhook hears of it.
    await deps.notify({ webhookUrl, event }).catch((error: unknown) => {
      log.warn('scheduled canary: skip notification failed', { scheduleId, error });
    });
  }
  return { reason, model: check.model };
}
