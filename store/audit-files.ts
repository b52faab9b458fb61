// The audit log's files in the store directory: `audit.jsonl` is written to; when it would pass the size limit it is
// renamed `audit.<last seq>.jsonl` (numbered so that name order is chain order) and a new one is started.
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const CURRENT = 'audit.jsonl';
const ROTATED = /^audit\.(\d{12})\.jsonl$/;

export const rotatedName = (lastSeq: number) => `audit.${String(lastSeq).padStart(12, '0')}.jsonl`;

/** Every audit file, oldest first (the current one last). */
export async function auditFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const rotated = names.filter((n) => ROTATED.test(n)).sort();
  return [...rotated, ...(names.includes(CURRENT) ? [CURRENT] : [])].map((n) => join(dir, n));
}

export async function linesOf(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((line) => line.length > 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** The file's last line, read from its end only (a line is far shorter than the window). */
export async function lastLine(path: string, window = 256 * 1024): Promise<string | undefined> {
  const size = await sizeOf(path);
  if (size === 0) return undefined;
  const handle = await open(path, 'r');
  try {
    const length = Math.min(size, window);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .pop();
  } finally {
    await handle.close();
  }
}

/** Appends lines and flushes them to disk before the append counts as done. */
export async function appendLines(path: string, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  const handle = await open(path, 'a', 0o600);
  try {
    await handle.write(lines.map((line) => `${line}\n`).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
}
