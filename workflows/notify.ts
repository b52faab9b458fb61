// Webhook notifications on terminal outcomes and approval waits. A failed notification is logged, never fatal.
import { log } from '@temporalio/workflow';
import type { RunContext } from './context';
import { describeFailure } from './failure';
import { addEvent } from './state';

export async function notifyIfSet(ctx: RunContext, type: string, extra: Record<string, unknown> = {}): Promise<void> {
  const webhookUrl = ctx.plan.notifications?.webhookUrl;
  if (!webhookUrl) return;
  const { status } = ctx.run;
  const event = {
    type,
    rolloutId: status.rolloutId,
    endpoint: status.target.endpoint,
    state: status.state,
    baseline: status.baseline,
    candidate: status.candidate,
    model: status.model,
    outcome: status.outcome,
    ...extra,
  };
  try {
    await ctx.acts.notify.notify({ webhookUrl, event });
  } catch (error) {
    const reason = describeFailure(error);
    log.warn('notification failed', { rolloutId: status.rolloutId, type, error: reason });
    addEvent(ctx.run, { type: 'notify.failed', actor: 'system', reason, details: { event: type } });
  }
}
