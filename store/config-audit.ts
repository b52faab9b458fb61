// A process's `config-loaded` audit entry at start: a SHA-256 fingerprint of its non-secret settings, and whether
// they changed since that process kind last started (so token and configuration changes are on the record).
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditLog } from './audit-log';

/** Stable JSON: object keys sorted, so the fingerprint does not depend on property order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const fingerprint = (settings: object) => createHash('sha256').update(stable(settings)).digest('hex');

/**
 * Appends the entry; `settings` must hold no secret (say whether one is set instead), `details` what an auditor reads
 * (e.g. token names and roles).
 */
export async function recordConfigLoaded(
  audit: AuditLog,
  process: 'api' | 'worker',
  settings: object,
  details: Record<string, unknown> = {},
): Promise<AuditEntry> {
  const print = fingerprint(settings);
  const [last] = await audit.search((e) => e.action === 'config-loaded' && e.target === process, 1);
  const before = last?.details?.fingerprint;
  const reason = !last
    ? 'first start on record'
    : before === print
      ? 'unchanged since the last start'
      : 'changed since the last start';
  return audit.append({
    actor: 'system',
    action: 'config-loaded',
    target: process,
    outcome: 'ok',
    reason,
    source: process,
    details: {
      fingerprint: print,
      ...(typeof before === 'string' && before !== print ? { previous: before } : {}),
      ...details,
    },
  });
}
