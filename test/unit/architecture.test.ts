// Keeps the dependency arrows of style.md honest: each folder imports only what its layer may.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm;

interface ImportEdge { file: string; target: string; typeOnly: boolean }

function sourceFiles(folder: string): string[] {
  const dir = join(ROOT, folder);
  let entries: string[];
  try { entries = readdirSync(dir); } catch { return []; }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(relative(ROOT, path));
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(folder: string): ImportEdge[] {
  return sourceFiles(folder).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(IMPORT)].map((m) => {
      const spec = m[3];
      const target = spec.startsWith('.') ? relative(ROOT, resolve(dirname(file), spec)) : spec;
      return { file: relative(ROOT, file), target, typeOnly: Boolean(m[2]) };
    });
  });
}

const topFolder = (target: string) => target.split('/')[0];
const isNodeBuiltin = (target: string) => target.startsWith('node:') || ['fs', 'path', 'http', 'https', 'crypto', 'os', 'child_process', 'net'].includes(target);
const PRODUCTION = ['domain', 'analysis', 'workflows', 'activities', 'worker', 'api'];

describe('import boundaries', () => {
  it.each(PRODUCTION)('%s never imports the emulator, tests or benchmarks', (folder) => {
    const bad = importsOf(folder).filter((e) => ['emulator', 'test', 'bench'].includes(topFolder(e.target)));
    expect(bad).toEqual([]);
  });

  it('domain imports only zod and itself', () => {
    const bad = importsOf('domain').filter((e) => !(e.target === 'zod' || topFolder(e.target) === 'domain'));
    expect(bad).toEqual([]);
  });

  it('analysis imports only domain and itself, with no Node built-ins or Temporal', () => {
    const bad = importsOf('analysis').filter((e) => !['domain', 'analysis'].includes(topFolder(e.target)));
    expect(bad).toEqual([]);
  });

  it('workflows import activities as types only, and no Node built-ins or non-workflow Temporal packages', () => {
    const bad = importsOf('workflows').filter(
      (e) =>
        (topFolder(e.target) === 'activities' && !e.typeOnly) ||
        isNodeBuiltin(e.target) ||
        (e.target.startsWith('@temporalio/') && !['@temporalio/workflow', '@temporalio/common'].includes(e.target)) ||
        ['api', 'worker'].includes(topFolder(e.target)),
    );
    expect(bad).toEqual([]);
  });

  it('the API never imports activities or the worker', () => {
    const bad = importsOf('api').filter((e) => ['activities', 'worker'].includes(topFolder(e.target)));
    expect(bad).toEqual([]);
  });

  it('activities import Azure SDKs only inside activities/azure/', () => {
    const bad = importsOf('activities').filter(
      (e) => e.target.startsWith('@azure/') && !e.file.startsWith('activities/azure/') && !e.typeOnly,
    );
    expect(bad).toEqual([]);
  });
});
