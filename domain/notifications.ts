// The plan's `notifications` field: subscriptions and channels an admin created, named by id (never a URL), and the
// endpoint patterns of subscriptions. The triggers are in notification-triggers.ts (zod-free: the workflow uses it).
import { z } from 'zod';
import { TRIGGERS } from './notification-triggers';

export * from './notification-triggers';

/** An admin-chosen id of a channel or a subscription (what a plan names). */
export const RECORD_ID = /^[a-z][a-z0-9-]{1,62}$/;
export const recordId = z
  .string()
  .regex(RECORD_ID, 'must be 2 to 63 lower-case letters, digits or dashes, starting with a letter');

/**
 * A plan's notifications: subscriptions an admin made (their triggers apply), and channels sent `triggers` (every
 * trigger when left out). Subscriptions with an endpoint pattern apply to matching rollouts without being named.
 */
export const planNotificationsSchema = z
  .object({
    subscriptions: z.array(recordId).max(20).optional(),
    channels: z.array(recordId).max(20).optional(),
    triggers: z.array(z.enum(TRIGGERS)).min(1).optional(),
  })
  .strict();
export type PlanNotifications = z.infer<typeof planNotificationsSchema>;

/** `*` any run of characters, `?` one; the rest literal. A subscription's endpoint pattern. */
export function matchesPattern(pattern: string, name: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}
