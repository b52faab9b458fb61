// What every route module is built from.
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ApiConfig } from './config';
import { ApiError, zodDetails } from './errors';
import type { Gateway } from './rollouts-gateway';
import type { ApiMetrics } from './metrics';
import type { StreamSlots } from './limits';
import type { AuditLog } from '../store/audit-log';
import type { NotificationStore } from '../channels/records';
import type { Resolve } from '../channels/outbound';

export interface RouteContext {
  gateway: Gateway;
  config: ApiConfig;
  metrics: ApiMetrics;
  log: Logger;
  /** Open event streams, capped per caller and in all. */
  streams: StreamSlots;
  /** The service-wide audit log (requests are recorded by api/audit-trail.ts; routes add automatic actions). */
  audit: AuditLog;
  /** Channels, subscriptions and the allowlist, in the store shared with the worker. */
  notifications: NotificationStore;
  /** Host name resolution for the outbound check (tests may stub it). */
  resolve?: Resolve;
}

/** Validates a body or query against a contract schema; every problem is listed with its field path. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = zodDetails(parsed.error);
  throw new ApiError(
    'InvalidRequest',
    `invalid ${what}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
    details,
  );
}
