// One audit entry and the hash chain over entries: each line carries its sequence number, the previous line's hash
// and its own, so an edited, removed or reordered line breaks the chain at that line.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records; the log adds `seq`, `at`, `prev` and `hash`. */
export const auditRecordSchema = z.object({
  /** Who: a token's name, an Entra object id, `alert:<rule>`, `schedule:<id>`, `system`, or `anonymous`. */
  actor: z.string(),
  /** What: `POST /rollouts/{id}/approve`, `config-loaded`, `scheduled-start`, `alert-rollback`, `window-hold`, ... */
  action: z.string(),
  /** On what: a rollout id, a schedule id, a channel or window id, or the route's path. */
  target: z.string(),
  /** The HTTP request that caused it (X-Request-Id), when there was one. */
  requestId: z.string().optional(),
  /** The HTTP status for a request; `ok`, `skipped` or `failed` for an automatic action. */
  outcome: z.union([z.number().int(), z.string()]),
  reason: z.string().optional(),
  /** Which process wrote it. */
  source: z.enum(['api', 'worker']),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const auditEntrySchema = auditRecordSchema.extend({
  seq: z.number().int().min(1),
  at: z.string(),
  prev: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The hash of an entry: SHA-256 over the previous hash and the entry's fields in a fixed order. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, prev, actor, action, target, requestId, outcome, reason, source, details } = entry;
  const canonical = JSON.stringify([seq, at, prev, actor, action, target, requestId, outcome, reason, source, details]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export function chainEntry(record: AuditRecord, previous: { seq: number; hash: string } | undefined, at: Date) {
  const unhashed = { ...auditRecordSchema.parse(record), seq: (previous?.seq ?? 0) + 1, at: at.toISOString() };
  const withPrev = { ...unhashed, prev: previous?.hash ?? GENESIS_HASH };
  return { ...withPrev, hash: entryHash(withPrev) };
}

export type ChainProblem = { file: string; line: number; seq?: number; problem: string };

/** Walks lines in order and returns the first that breaks the chain, or the last entry when all hold. */
export class ChainChecker {
  private last: { seq: number; hash: string } | undefined;

  check(text: string, file: string, line: number): ChainProblem | undefined {
    let entry: AuditEntry;
    try {
      entry = auditEntrySchema.parse(JSON.parse(text));
    } catch {
      return { file, line, problem: 'not an audit entry (unparseable or missing fields)' };
    }
    const expectedSeq = (this.last?.seq ?? 0) + 1;
    const at = { file, line, seq: entry.seq };
    if (entry.seq !== expectedSeq) {
      return { ...at, problem: `sequence ${entry.seq} where ${expectedSeq} was due (a line removed or reordered)` };
    }
    if (entry.prev !== (this.last?.hash ?? GENESIS_HASH)) {
      return { ...at, problem: 'previous hash does not match the line before (a line removed, reordered or edited)' };
    }
    if (entryHash(entry) !== entry.hash)
      return { ...at, problem: 'hash does not match the content (the line was edited)' };
    this.last = { seq: entry.seq, hash: entry.hash };
    return undefined;
  }

  get head() {
    return this.last;
  }
}
