// A durable collection of JSON records (admin settings: notification channels, subscriptions, deployment windows), one
// file per collection in the store directory that the API and worker processes share. Every change holds a lock on
// the file across processes and replaces the file atomically (write, fsync, rename): readers see the whole old or the
// whole new collection, and two API processes never lose each other's writes. The file is private (0600): records
// may hold secrets.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { z } from 'zod';

export class RecordFile<T> {
  readonly path: string;

  constructor(
    private readonly dir: string,
    name: string,
    private readonly schema: z.ZodType<T>,
  ) {
    this.path = join(dir, `${name}.json`);
  }

  /** Every record by id, as last written by any process. */
  async all(): Promise<Map<string, T>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw err;
    }
    const { records } = JSON.parse(text) as { records: Record<string, unknown> };
    return new Map(Object.entries(records).map(([id, value]) => [id, this.schema.parse(value)]));
  }

  async get(id: string): Promise<T | undefined> {
    return (await this.all()).get(id);
  }

  /**
   * Runs `change` on the current records under the cross-process lock and writes what it leaves in the map. Returns
   * what `change` returns; when it throws, nothing is written.
   */
  async update<R>(change: (records: Map<string, T>) => R): Promise<R> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.ensureExists();
    const release = await lockfile.lock(this.path, { retries: { retries: 200, minTimeout: 5, maxTimeout: 50 } });
    try {
      const records = await this.all();
      const result = change(records);
      await this.write(records);
      return result;
    } finally {
      await release();
    }
  }

  /** proper-lockfile locks an existing file; an empty collection is written once, exclusively. */
  private async ensureExists(): Promise<void> {
    try {
      const handle = await open(this.path, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ records: {} }));
      await handle.close();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }

  private async write(records: Map<string, T>): Promise<void> {
    const temporary = `${this.path}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ records: Object.fromEntries(records) }, null, 2));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
  }
}
