// The service-wide audit log: append-only JSON lines in the store directory, hash-chained across size-based
// rotation, written by the API and the worker processes under one cross-process lock (proper-lockfile).
import { mkdir, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import lockfile from 'proper-lockfile';
import {
  auditEntrySchema,
  chainEntry,
  ChainChecker,
  type AuditEntry,
  type AuditRecord,
  type ChainProblem,
} from './audit-chain';
import { appendLine, auditFiles, CURRENT, lastLine, linesOf, rotatedName, sizeOf } from './audit-files';

export type { AuditEntry, AuditRecord, ChainProblem } from './audit-chain';

export interface AuditLogOptions {
  /** Rotate when the current file would pass this many bytes; default 10 MiB. */
  maxFileBytes?: number;
  now?: () => Date;
}

export type VerifyResult =
  { ok: true; entries: number; head?: string } | ({ ok: false; entries: number } & ChainProblem);

const MAX_TEXT = 2000;
const clip = (text: string | undefined) => (text && text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

export class AuditLog {
  private readonly current: string;
  private readonly maxFileBytes: number;
  private readonly now: () => Date;

  constructor(
    readonly dir: string,
    options: AuditLogOptions = {},
  ) {
    this.current = join(dir, CURRENT);
    this.maxFileBytes = options.maxFileBytes ?? 10 * 1024 * 1024;
    this.now = options.now ?? (() => new Date());
  }

  /** Appends one entry chained to the last one any process wrote; resolves once it is on disk. */
  async append(record: AuditRecord): Promise<AuditEntry> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const release = await lockfile.lock(this.dir, {
      realpath: false,
      lockfilePath: join(this.dir, 'audit.lock'),
      retries: { retries: 400, minTimeout: 5, maxTimeout: 50 },
    });
    try {
      const previous = await this.lastEntry();
      const entry = chainEntry({ ...record, reason: clip(record.reason) }, previous, this.now());
      const line = JSON.stringify(entry);
      const size = await sizeOf(this.current);
      if (previous && size > 0 && size + line.length + 1 > this.maxFileBytes) {
        await rename(this.current, join(this.dir, rotatedName(previous.seq)));
      }
      await appendLine(this.current, line);
      return entry;
    } finally {
      await release();
    }
  }

  /** Entries newest first, from every file, as `filter` keeps them; stops reading once `limit` are found. */
  async search(keep: (entry: AuditEntry) => boolean, limit: number, beforeSeq?: number): Promise<AuditEntry[]> {
    const found: AuditEntry[] = [];
    for (const file of (await auditFiles(this.dir)).reverse()) {
      for (const line of (await linesOf(file)).reverse()) {
        const entry = parseEntry(line);
        if (!entry || (beforeSeq !== undefined && entry.seq >= beforeSeq) || !keep(entry)) continue;
        found.push(entry);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  /** Every entry oldest first (for export). */
  async *entries(): AsyncGenerator<AuditEntry> {
    for (const file of await auditFiles(this.dir)) {
      for (const line of await linesOf(file)) {
        const entry = parseEntry(line);
        if (entry) yield entry;
      }
    }
  }

  /** Walks the chain through every file; the first line that breaks it, or ok with the head hash. */
  async verify(): Promise<VerifyResult> {
    const checker = new ChainChecker();
    let entries = 0;
    for (const file of await auditFiles(this.dir)) {
      const lines = await linesOf(file);
      for (let i = 0; i < lines.length; i++) {
        const problem = checker.check(lines[i], basename(file), i + 1);
        if (problem) return { ok: false, entries, ...problem };
        entries++;
      }
    }
    return { ok: true, entries, head: checker.head?.hash };
  }

  private async lastEntry(): Promise<AuditEntry | undefined> {
    for (const file of (await auditFiles(this.dir)).reverse()) {
      const line = await lastLine(file);
      if (line) {
        const entry = parseEntry(line);
        if (!entry) throw new Error(`the audit log's last line in ${basename(file)} is not an entry: verify the log`);
        return entry;
      }
    }
    return undefined;
  }
}

function parseEntry(line: string): AuditEntry | undefined {
  try {
    return auditEntrySchema.parse(JSON.parse(line));
  } catch {
    return undefined;
  }
}
