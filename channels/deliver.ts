// Delivery of one event: which channels it goes to (the subscriptions and channels that apply), and one POST per
// channel in the channel's format, skipped when the dedupe key (run, event, channel) is already recorded as sent.
// Failures come back per channel with a reason that names no address: the rollout's log is visible to viewers.
import { request, type Dispatcher } from 'undici';
import { matchesPattern, TRIGGERS, type NotificationEvent, type PlanNotifications } from '../domain/notifications';
import { RENDERERS, type MessageLinks } from './formats';
import type { ChannelRecord, NotificationStore } from './records';
import { DELIVERY_HEADER, SIGNATURE_HEADER, sign, TIMESTAMP_HEADER, TRIGGER_HEADER } from './signing';

/** How long a delivery key is remembered: far longer than any activity retry or continue-as-new. */
const KEEP_DELIVERIES_MS = 14 * 24 * 3600_000;

/** The channels an event goes to, by id; ids that name no channel (deleted since) are in `missing`. */
export async function recipients(
  store: NotificationStore,
  event: NotificationEvent,
  named: PlanNotifications = {},
): Promise<{ channels: ChannelRecord[]; missing: string[] }> {
  const wants = (triggers: readonly string[]) => event.triggers.some((t) => triggers.includes(t));
  const ids = new Set<string>();
  for (const sub of (await store.subscriptions.all()).values()) {
    const applies =
      named.subscriptions?.includes(sub.id) || (sub.endpoints && matchesPattern(sub.endpoints, event.endpoint));
    if (applies && wants(sub.triggers)) ids.add(sub.channel);
  }
  if (wants(named.triggers ?? TRIGGERS)) for (const id of named.channels ?? []) ids.add(id);
  const channels = await store.channels.all();
  return {
    channels: [...ids].flatMap((id) => channels.get(id) ?? []),
    missing: [...ids].filter((id) => !channels.has(id)),
  };
}

export interface SendOptions {
  dispatcher: Dispatcher;
  timeoutMs: number;
  nowSeconds: number;
  signal?: AbortSignal;
}

export type SendResult = { ok: true; status: number } | { ok: false; retry: boolean; reason: string };

/** One POST of the event to the channel, signed when the channel has a secret. */
export async function sendOnce(
  channel: ChannelRecord,
  message: { event: NotificationEvent; deliveryId: string; links: MessageLinks },
  options: SendOptions,
): Promise<SendResult> {
  const body = JSON.stringify(RENDERERS[channel.kind](message));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'ml-rollout-service',
    [DELIVERY_HEADER]: message.deliveryId,
    [TRIGGER_HEADER]: message.event.trigger,
  };
  if (channel.secret) {
    headers[TIMESTAMP_HEADER] = String(options.nowSeconds);
    headers[SIGNATURE_HEADER] = sign(channel.secret, options.nowSeconds, body);
  }
  try {
    const res = await request(channel.url, {
      method: 'POST',
      dispatcher: options.dispatcher,
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]),
      headers,
      body,
    });
    await res.body.dump();
    if (res.statusCode < 300) return { ok: true, status: res.statusCode };
    const retry = res.statusCode >= 500 || res.statusCode === 408 || res.statusCode === 429;
    return { ok: false, retry, reason: `the receiver answered ${res.statusCode}` };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // The abort of AbortSignal.timeout is a DOMException named TimeoutError (its numeric `code` is the DOM's).
    const { name, code, cause } = error as Error & { code?: unknown; cause?: { code?: unknown } };
    const codes = [code, cause?.code];
    if (codes.includes('EREFUSED_ADDRESS')) return { ok: false, retry: false, reason: 'the address is not allowed' };
    const timedOut = name === 'TimeoutError' || codes.includes('UND_ERR_CONNECT_TIMEOUT');
    return { ok: false, retry: true, reason: timedOut ? 'the receiver did not answer in time' : 'unreachable' };
  }
}

export async function alreadySent(store: NotificationStore, key: string): Promise<boolean> {
  return (await store.deliveries.get(key)) !== undefined;
}

export async function recordSent(store: NotificationStore, key: string, channel: string, status: number, now: Date) {
  await store.deliveries.update((records) => {
    for (const [old, record] of records) {
      if (now.getTime() - Date.parse(record.at) > KEEP_DELIVERIES_MS) records.delete(old);
    }
    records.set(key, { at: now.toISOString(), channel, status });
  });
}
