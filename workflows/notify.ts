// The legacy plan webhook (`notifications.webhookUrl`, no longer accepted in plans): runs started before channels
// still call it at approval waits and terminal states, so their histories replay. A failure is logged, never fatal.
// New runs notify through workflows/notifier.ts.
import { log } from '@temporalio/workflow';
import type { RunContext } from './context';
import { describeFailure } from './failure';
import { addEvent } from './state';

export async function notifyIfSet(ctx: RunContext, type: string, extra: Record<string, unknown> = {}): Promise<void> {
  const webhookUrl = (ctx.plan.notifications as { webhookUrl?: string } | undefined)?.webhookUrl;
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
