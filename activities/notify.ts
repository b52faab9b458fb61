// The notification activities: deliverNotification (admin channels, activities/deliver-notification.ts) and the
// legacy notify, kept for runs started before channels whose plans still carry `notifications.webhookUrl`: it POSTs
// the event as JSON, now only to addresses the outbound allowlist admits. A webhook that keeps failing ends in a
// retryable `Unavailable` (a 4xx answer in a non-retryable one); its reasons name no address.
import { request } from 'undici';
import { isIP } from 'node:net';
import { refusedAddresses } from '../domain/outbound-address';
import { allowlistEntries, notificationStore } from '../channels/records';
import { activityHooks, throwIfCancelled } from './context';
import { deliverNotificationActivity } from './deliver-notification';
import { failure } from './failures';
import { dispatcherFor, withDefaults, type NotifyOptions, type ResolvedNotifyOptions } from './notify-options';
import type { NotifyInput } from './types';

export type { NotifyOptions } from './notify-options';

type Attempt = { ok: true } | { ok: false; retry: boolean; reason: string };

async function postOnce(
  input: NotifyInput,
  opts: ResolvedNotifyOptions,
  dispatcher: ReturnType<typeof dispatcherFor>['dispatcher'],
  signal?: AbortSignal,
): Promise<Attempt> {
  try {
    const res = await request(input.webhookUrl, {
      method: 'POST',
      dispatcher,
      signal: AbortSignal.any([AbortSignal.timeout(opts.timeoutMs), ...(signal ? [signal] : [])]),
      headers: { 'content-type': 'application/json', 'user-agent': 'ml-rollout-service' },
      body: JSON.stringify(input.event),
    });
    await res.body.dump();
    if (res.statusCode < 300) return { ok: true };
    const retry = res.statusCode >= 500 || res.statusCode === 408 || res.statusCode === 429;
    return { ok: false, retry, reason: `webhook answered ${res.statusCode}` };
  } catch (err) {
    if (signal?.aborted) throw err;
    const { code, cause } = err as { code?: unknown; cause?: { code?: unknown } };
    if (code === 'EREFUSED_ADDRESS' || cause?.code === 'EREFUSED_ADDRESS') {
      return { ok: false, retry: false, reason: 'the address is not allowed' };
    }
    return { ok: false, retry: true, reason: 'webhook unreachable' };
  }
}

async function allowlistOf(opts: ResolvedNotifyOptions): Promise<string[]> {
  const configured = opts.allowlist ?? [];
  return opts.storeDir ? allowlistEntries(notificationStore(opts.storeDir), configured) : configured;
}

export function notifyActivities(options: NotifyOptions = {}) {
  const opts = withDefaults(options);
  return {
    deliverNotification: deliverNotificationActivity(opts),
    async notify(input: NotifyInput): Promise<void> {
      let url: URL;
      try {
        url = new URL(input.webhookUrl);
      } catch {
        // Final, unlike the code's default: no retry makes the URL parse.
        throw failure('Unavailable', 'notify: webhookUrl is not a URL', { nonRetryable: true });
      }
      const allowlist = await allowlistOf(opts);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      // The guarded lookup checks resolved names; an address written in the URL is never looked up.
      if (isIP(host) && refusedAddresses(host, [host], allowlist).length > 0) {
        throw failure('Unavailable', 'notify: the address is not allowed', { nonRetryable: true });
      }
      const { dispatcher, close } = dispatcherFor(opts, allowlist);
      const hooks = activityHooks();
      let last: Attempt = { ok: false, retry: true, reason: 'not sent' };
      try {
        for (let attempt = 1; attempt <= opts.attempts; attempt += 1) {
          throwIfCancelled(hooks);
          last = await postOnce(input, opts, dispatcher, hooks.signal);
          if (last.ok) return;
          if (!last.retry) break;
          hooks.heartbeat({ op: 'notify', attempt });
          if (attempt < opts.attempts) await hooks.sleep(opts.backoffMs * 2 ** (attempt - 1));
        }
      } finally {
        await close();
      }
      const reason = last.ok ? '' : last.reason;
      // Decided per answer: a webhook that refused the request (4xx other than 408 and 429) will refuse it again.
      throw failure('Unavailable', `notify: ${reason}`, { nonRetryable: !last.ok && !last.retry });
    },
  };
}
