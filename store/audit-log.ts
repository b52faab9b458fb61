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
import { appendLines, auditFiles, CURRENT, lastLine, linesOf, rotatedName, sizeOf } from './audit-files';

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
  private readonly waiting: { record: AuditRecord; resolve: (e: AuditEntry) => void; reject: (e: unknown) => void }[] =
    [];
  private writing = false;

  constructor(
    readonly dir: string,
    options: AuditLogOptions = {},
  ) {
    this.current = join(dir, CURRENT);
    this.maxFileBytes = options.maxFileBytes ?? 10 * 1024 * 1024;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Appends one entry chained to the last one any process wrote; resolves once it is on disk. Appends that arrive
   * while a batch is being written go together in the next one: one lock and one fsync for all of them (group
   * commit), and in arrival order, where each waiting on the cross-process lock alone made a busy API's tail slow.
   */
  append(record: AuditRecord): Promise<AuditEntry> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ record, resolve, reject });
      if (!this.writing) void this.writeWaiting();
    });
  }

  private async writeWaiting(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      try {
        const entries = await this.writeBatch(batch.map((w) => w.record));
        batch.forEach((w, i) => w.resolve(entries[i]));
      } catch (err) {
        batch.forEach((w) => w.reject(err));
      }
    }
    this.writing = false;
  }

  private async writeBatch(records: AuditRecord[]): Promise<AuditEntry[]> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const release = await lockfile.lock(this.dir, {
      realpath: false,
      lockfilePath: join(this.dir, 'audit.lock'),
      retries: { retries: 400, minTimeout: 5, maxTimeout: 50 },
    });
    try {
      let previous = await this.lastEntry();
      let size = await sizeOf(this.current);
      let lines: string[] = [];
      const entries: AuditEntry[] = [];
      for (const record of records) {
        const entry = chainEntry({ ...record, reason: clip(record.reason) }, previous, this.now());
        const line = JSON.stringify(entry);
        if (previous && size > 0 && size + line.length + 1 > this.maxFileBytes) {
          await appendLines(this.current, lines);
          await rename(this.current, join(this.dir, rotatedName(previous.seq)));
          [lines, size] = [[], 0];
        }
        lines.push(line);
        size += line.length + 1;
        entries.push(entry);
        previous = entry;
      }
      await appendLines(this.current, lines);
      return entries;
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
