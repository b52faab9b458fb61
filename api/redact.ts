// What callers who may not configure the service see of plan templates and event logs: no secrets (environment
// variables, scoring request bodies, webhook URLs) and no internal addresses (any URL or IP address in a string, as
// old runs' notification failures recorded them). Admins see everything.
import type { RolloutEvent } from '../domain/status';
import type { Role } from './roles';
import { mayAct } from './roles';

export const REDACTED = '[redacted]';

/** Keys whose whole value is a secret or may hold one. */
const SECRET_KEYS = new Set([
  'environment_variables',
  'webhookUrl',
  'request',
  'requestBodies',
  'secret',
  'url',
  'token',
]);
const URL_OR_IP = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"]+|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b|\[[0-9a-f:]+\](?::\d+)?/gi;

export function seesEverything(roles: readonly Role[]): boolean {
  return mayAct(roles, 'configure');
}

export function redactStrings(text: string): string {
  return text.replace(URL_OR_IP, REDACTED);
}

/** A deep copy with secrets and addresses replaced. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactStrings(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEYS.has(key) ? REDACTED : redactValue(inner)]),
  );
}

/** Notification failures (and any other event) with addresses removed from their reason and details. */
export function redactEvents(events: RolloutEvent[]): RolloutEvent[] {
  return events.map((event) => redactValue(event) as RolloutEvent);
}
