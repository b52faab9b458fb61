import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { RecordFile } from '../../../store/record-file';

const counter = z.object({ count: z.number() });

describe('RecordFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'record-file-'));
  });

  it('reads an absent collection as empty', async () => {
    expect((await new RecordFile(dir, 'channels', counter).all()).size).toBe(0);
  });

  it('loses no write when two writers (as two processes would) change the collection at once', async () => {
    const a = new RecordFile(dir, 'channels', counter);
    const b = new RecordFile(dir, 'channels', counter);
    const increment = (file: RecordFile<{ count: number }>) =>
      file.update((records) => records.set('c', { count: (records.get('c')?.count ?? 0) + 1 }));
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 ? a : b)));
    expect(await a.get('c')).toEqual({ count: 20 });
  });

  it('writes nothing when the change throws', async () => {
    const file = new RecordFile(dir, 'channels', counter);
    await file.update((records) => records.set('c', { count: 1 }));
    await expect(
      file.update((records) => {
        records.delete('c');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await file.get('c')).toEqual({ count: 1 });
  });

  it('keeps the file private to its owner (records may hold secrets)', async () => {
    const file = new RecordFile(dir, 'channels', counter);
    await file.update((records) => records.set('c', { count: 1 }));
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
  });

  it('refuses a record that does not match its schema', async () => {
    const file = new RecordFile(dir, 'channels', z.object({ count: z.number() }));
    await file.update((records) => records.set('c', { count: 'x' } as unknown as { count: number }));
    await expect(file.all()).rejects.toThrow();
  });
});
