// recordAudit: the activity (and plain function) through which the worker appends automatic actions to the
// service-wide audit log: scheduled starts, window holds, anything the service does on its own.
import type { AuditLog, AuditRecord } from '../store/audit-log';

export type RecordAuditInput = Omit<AuditRecord, 'source'>;

export interface AuditActivities {
  recordAudit(input: RecordAuditInput): Promise<{ seq: number }>;
}

export function createAuditActivities(audit: AuditLog): AuditActivities {
  return {
    // A retried activity may append twice: entries are recorded at least once.
    async recordAudit(input) {
      const entry = await audit.append({ ...input, source: 'worker' });
      return { seq: entry.seq };
    },
  };
}
