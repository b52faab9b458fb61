// deliverNotification: one rollout event to every channel that wants it, each once. A channel already sent this
// event (the dedupe key, recorded in the store after a 2xx) is skipped, so an activity retry or a new run after
// continue-as-new does not send twice. Receiver failures are reported, never thrown: a notification never fails a
// rollout. Only the store failing throws (retryable).
import { createHash } from 'node:crypto';
import { alreadySent, recipients, recordSent, sendOnce, type SendResult } from '../channels/deliver';
import { outboundProblems } from '../channels/outbound';
import { allowlistEntries, notificationStore, type ChannelRecord } from '../channels/records';
import type { NotificationEvent } from '../domain/notifications';
import { activityHooks, throwIfCancelled } from './context';
import { dispatcherFor, type ResolvedNotifyOptions } from './notify-options';
import type { DeliverInput, DeliveryReport } from './types';

export function deliveryKey(event: NotificationEvent, channel: string): string {
  return `${event.rolloutId}/${event.runId}#${event.sequence}:${channel}`;
}

function links(event: NotificationEvent, options: ResolvedNotifyOptions) {
  const { dashboardUrl, temporalUiUrl, namespace = 'default' } = options.links ?? {};
  const id = encodeURIComponent(event.rolloutId);
  return {
    ...(dashboardUrl ? { dashboard: `${dashboardUrl}/ui/rollouts/${id}` } : {}),
    ...(temporalUiUrl
      ? { temporal: `${temporalUiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${id}/${event.runId}` }
      : {}),
  };
}

export function deliverNotificationActivity(options: ResolvedNotifyOptions) {
  return async function deliverNotification(input: DeliverInput): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: [], duplicates: [], failed: [], missing: [] };
    if (!options.storeDir) return report;
    const store = notificationStore(options.storeDir);
    const { channels, missing } = await recipients(store, input.event, input.notifications);
    report.missing = missing;
    if (channels.length === 0) return report;
    const allowlist = await allowlistEntries(store, options.allowlist ?? []);
    const { dispatcher, close } = dispatcherFor(options, allowlist);
    const hooks = activityHooks();
    try {
      await Promise.all(
        channels.map(async (channel) => {
          const key = deliveryKey(input.event, channel.id);
          if (await alreadySent(store, key)) return report.duplicates.push(channel.id);
          const problems = await outboundProblems(channel.url, allowlist, options.resolve);
          if (problems.length > 0)
            return report.failed.push({ channel: channel.id, reason: 'the address is not allowed' });
          const result = await sendWithRetries(channel, key, input.event, { ...options, dispatcher, hooks });
          if (!result.ok) return report.failed.push({ channel: channel.id, reason: result.reason });
          await recordSent(store, key, channel.id, result.status, new Date());
          report.sent.push(channel.id);
        }),
      );
    } finally {
      await close();
    }
    return report;
  };

  async function sendWithRetries(
    channel: ChannelRecord,
    key: string,
    event: NotificationEvent,
    ctx: ResolvedNotifyOptions & {
      dispatcher: NonNullable<ResolvedNotifyOptions['dispatcher']>;
      hooks: ReturnType<typeof activityHooks>;
    },
  ): Promise<SendResult> {
    const message = {
      event,
      deliveryId: createHash('sha256').update(key).digest('hex').slice(0, 32),
      links: links(event, ctx),
    };
    let last: SendResult = { ok: false, retry: true, reason: 'not sent' };
    for (let attempt = 1; attempt <= ctx.attempts; attempt++) {
      throwIfCancelled(ctx.hooks);
      const nowSeconds = Math.floor(Date.now() / 1000);
      last = await sendOnce(channel, message, { ...ctx, nowSeconds, signal: ctx.hooks.signal });
      if (last.ok || !last.retry) return last;
      if (attempt < ctx.attempts) await ctx.hooks.sleep(ctx.backoffMs * 2 ** (attempt - 1));
    }
    return last;
  }
}
