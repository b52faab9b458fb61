// The REST contract of notification channels, subscriptions and the outbound allowlist (admin-managed), as zod
// schemas the routes validate with and api/openapi-notifications.ts documents. URLs and secrets are write-only.
import { z } from 'zod';
import { RECORD_ID, recordId, TRIGGERS } from '../domain/notifications';
import { CHANNEL_KINDS } from '../channels/records';

export { RECORD_ID };

const description = z.string().max(500).optional();
const url = z
  .string()
  .max(2000)
  .regex(/^https:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/, 'must be an https URL without credentials')
  .meta({ description: 'write-only: never returned (a Slack or Teams webhook URL is a credential itself)' });
const secret = z
  .string()
  .min(16, 'must be at least 16 characters')
  .max(200)
  .meta({ description: 'write-only HMAC-SHA256 key of a generic webhook: never returned or logged' });

export const channelCreateSchema = z
  .object({ id: recordId, kind: z.enum(CHANNEL_KINDS), url, secret: secret.optional(), description })
  .strict()
  .meta({
    description: "a generic webhook needs a 'secret' (it signs every message); Slack and Teams take none",
    oneOf: [
      { properties: { kind: { const: 'webhook' } }, required: ['secret'] },
      { properties: { kind: { enum: ['slack', 'teams'] } }, not: { required: ['secret'] } },
    ],
  } as Record<string, unknown>);

/** What PATCH changes; a field left out keeps its value (so a secret need not be sent again). */
export const channelPatchSchema = z.object({ url: url.optional(), secret: secret.optional(), description }).strict();

export const channelViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    description: z.string().optional(),
    host: z.string().optional().meta({ description: 'admins only: the host the channel posts to' }),
    signed: z.boolean().optional().meta({ description: 'admins only: whether a secret is set' }),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    createdBy: z.string().optional(),
  })
  .meta({ id: 'Channel', description: 'a notification channel; its URL and secret are never returned' });

const endpointPattern = z
  .string()
  .regex(/^[A-Za-z0-9*?-]{1,64}$/, "must be an endpoint name pattern: letters, digits, dashes, '*' and '?'")
  .meta({ description: "endpoints by name ('*' any run, '?' one character); without it, plans name the subscription" });

export const subscriptionBodySchema = z
  .object({
    channel: recordId,
    triggers: z.array(z.enum(TRIGGERS)).min(1),
    endpoints: endpointPattern.optional(),
    description,
  })
  .strict();
export const subscriptionCreateSchema = subscriptionBodySchema.extend({ id: recordId }).strict();

export const subscriptionViewSchema = subscriptionCreateSchema
  .extend({ createdAt: z.string(), updatedAt: z.string(), createdBy: z.string() })
  .meta({ id: 'Subscription' });

export const allowlistCreateSchema = z
  .object({
    id: recordId,
    entry: z
      .string()
      .regex(/^[0-9A-Za-z.:/-]{1,255}$/, 'must be a CIDR, an address or a host name')
      .meta({ description: "a CIDR ('10.20.0.0/16', 'fd00::/8'), one address, or an exact host name" }),
    reason: z.string().min(1).max(500),
  })
  .strict();

export const allowlistViewSchema = z
  .object({
    configured: z.array(z.string()).meta({ description: 'NOTIFY_ALLOWLIST entries (configuration)' }),
    items: z.array(
      allowlistCreateSchema.extend({ createdAt: z.string(), updatedAt: z.string(), createdBy: z.string() }),
    ),
  })
  .meta({ id: 'Allowlist' });

export const recordIdParam = z.object({ id: z.string().regex(RECORD_ID) });
