import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, type AuditRecord } from '../../../store/audit-log';

const record = (i: number): AuditRecord => ({
  actor: `user-${i}`,
  action: 'POST /rollouts',
  target: `endpoint-${i}`,
  outcome: 201,
  source: 'api',
});

async function filled(dir: string, count: number, maxFileBytes?: number) {
  const log = new AuditLog(dir, { maxFileBytes });
  for (let i = 1; i <= count; i++) await log.append(record(i));
  return log;
}

async function rewriteLine(path: string, index: number, change: (lines: string[]) => string[] | void) {
  const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
  const changed = change(lines) ?? lines;
  await writeFile(path, `${changed.join('\n')}\n`);
  return index;
}

describe('AuditLog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-log-'));
  });

  it('verifies an untouched log and numbers entries from 1', async () => {
    const log = await filled(dir, 5);
    expect(await log.verify()).toMatchObject({ ok: true, entries: 5 });
    expect((await log.search(() => true, 10)).map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
  });

  it('finds an edited line', async () => {
    const log = await filled(dir, 5);
    await rewriteLine(join(dir, 'audit.jsonl'), 2, (lines) => {
      lines[2] = lines[2].replace('user-3', 'someone-else');
    });
    expect(await log.verify()).toMatchObject({
      ok: false,
      line: 3,
      seq: 3,
      problem: expect.stringContaining('edited'),
    });
  });

  it('finds a removed line', async () => {
    const log = await filled(dir, 5);
    await rewriteLine(join(dir, 'audit.jsonl'), 1, (lines) => lines.filter((_, i) => i !== 1));
    expect(await log.verify()).toMatchObject({
      ok: false,
      line: 2,
      seq: 3,
      problem: expect.stringContaining('removed'),
    });
  });

  it('finds reordered lines', async () => {
    const log = await filled(dir, 5);
    await rewriteLine(join(dir, 'audit.jsonl'), 3, (lines) => [lines[0], lines[1], lines[3], lines[2], lines[4]]);
    expect(await log.verify()).toMatchObject({ ok: false, line: 3, seq: 4 });
  });

  it('finds a line whose hash was recomputed after an edit (the next line still names the old hash)', async () => {
    const log = await filled(dir, 3);
    const { entryHash } = await import('../../../store/audit-chain');
    await rewriteLine(join(dir, 'audit.jsonl'), 1, (lines) => {
      const entry = JSON.parse(lines[1]);
      entry.outcome = 403;
      const { hash: _old, ...rest } = entry;
      lines[1] = JSON.stringify({ ...rest, hash: entryHash(rest) });
    });
    expect(await log.verify()).toMatchObject({ ok: false, line: 3, seq: 3 });
  });

  it('rotates by size and continues the chain across files', async () => {
    const log = await filled(dir, 30, 1500);
    const files = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
    expect(files.length).toBeGreaterThan(3);
    expect(files).toContain('audit.jsonl');
    expect(await log.verify()).toMatchObject({ ok: true, entries: 30 });
    const all: number[] = [];
    for await (const entry of log.entries()) all.push(entry.seq);
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await log.search((e) => e.actor === 'user-7', 5)).map((e) => e.seq)).toEqual([7]);
    expect((await log.search(() => true, 3, 10)).map((e) => e.seq)).toEqual([9, 8, 7]);
  });

  it('finds a rotated file removed from the middle or the start of the chain', async () => {
    const log = await filled(dir, 30, 1500);
    const rotated = (await readdir(dir)).filter((n) => /^audit\.\d+\.jsonl$/.test(n)).sort();
    const { rm } = await import('node:fs/promises');
    await rm(join(dir, rotated[1]));
    expect(await log.verify()).toMatchObject({ ok: false, file: rotated[2], line: 1 });
    await rm(join(dir, rotated[0]));
    expect(await log.verify()).toMatchObject({ ok: false, file: rotated[2], line: 1 });
  });

  it('gives each of many concurrent appends of one writer its own entry, in arrival order, rotating as it goes', async () => {
    const log = new AuditLog(dir, { maxFileBytes: 3000 });
    const entries = await Promise.all(Array.from({ length: 60 }, (_, i) => log.append(record(i))));
    expect(entries.map((e) => [e.seq, e.actor])).toEqual(entries.map((_, i) => [i + 1, `user-${i}`]));
    expect(await log.verify()).toMatchObject({ ok: true, entries: 60 });
    const files = await readdir(dir);
    expect(files.filter((n) => /^audit\.\d+\.jsonl$/.test(n)).length).toBeGreaterThan(1);
  });

  it('loses and forks nothing when two writers (as two processes would) append at once', async () => {
    const a = new AuditLog(dir, { maxFileBytes: 4000 });
    const b = new AuditLog(dir, { maxFileBytes: 4000 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append(record(i))));
    expect(await a.verify()).toMatchObject({ ok: true, entries: 40 });
  });
});
