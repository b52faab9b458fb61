// The notification records in the shared store: channels (with their write-only URL and secret), subscriptions, the
// outbound allowlist, and the deliveries already made (the dedupe keys). One record file per collection.
import { z } from 'zod';
import { recordId, TRIGGERS } from '../domain/notifications';
import { RecordFile } from '../store/record-file';

export const CHANNEL_KINDS = ['webhook', 'slack', 'teams'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const audit = { createdAt: z.string(), updatedAt: z.string(), createdBy: z.string() };

export const channelRecordSchema = z.object({
  id: recordId,
  kind: z.enum(CHANNEL_KINDS),
  description: z.string().optional(),
  /** Write-only: Slack's and Teams' webhook URLs are credentials themselves. */
  url: z.string(),
  /** Write-only: the generic webhook's HMAC key. */
  secret: z.string().optional(),
  ...audit,
});
export type ChannelRecord = z.infer<typeof channelRecordSchema>;

export const subscriptionRecordSchema = z.object({
  id: recordId,
  channel: recordId,
  triggers: z.array(z.enum(TRIGGERS)).min(1),
  /** Applies to every rollout of a matching endpoint; without it, only to plans naming the subscription. */
  endpoints: z.string().optional(),
  description: z.string().optional(),
  ...audit,
});
export type SubscriptionRecord = z.infer<typeof subscriptionRecordSchema>;

export const allowlistRecordSchema = z.object({
  id: recordId,
  /** A CIDR, one address, or an exact host name. */
  entry: z.string(),
  reason: z.string(),
  ...audit,
});
export type AllowlistRecord = z.infer<typeof allowlistRecordSchema>;

export const deliveryRecordSchema = z.object({ at: z.string(), channel: z.string(), status: z.number() });

export interface NotificationStore {
  channels: RecordFile<ChannelRecord>;
  subscriptions: RecordFile<SubscriptionRecord>;
  allowlist: RecordFile<AllowlistRecord>;
  deliveries: RecordFile<z.infer<typeof deliveryRecordSchema>>;
}

export function notificationStore(dir: string): NotificationStore {
  return {
    channels: new RecordFile(dir, 'channels', channelRecordSchema),
    subscriptions: new RecordFile(dir, 'subscriptions', subscriptionRecordSchema),
    allowlist: new RecordFile(dir, 'allowlist', allowlistRecordSchema),
    deliveries: new RecordFile(dir, 'deliveries', deliveryRecordSchema),
  };
}

/** The allowlist in force: the configured entries and the admin's. */
export async function allowlistEntries(store: NotificationStore, configured: readonly string[]): Promise<string[]> {
  return [...configured, ...[...(await store.allowlist.all()).values()].map((record) => record.entry)];
}
