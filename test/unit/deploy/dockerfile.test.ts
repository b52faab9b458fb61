// The image holds every source folder the worker and the API import (a folder left out builds and then fails at start).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Top-level folders reached from `start` through relative imports, transitively. */
function foldersReached(start: string[]): Set<string> {
  const seen = new Set<string>();
  const folders = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    folders.add(relative(ROOT, file).split('/')[0]);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = resolve(dirname(file), spec);
      const candidates = [`${target}.ts`, join(target, 'index.ts')];
      const found = candidates.find((c) => {
        try {
          return statSync(c).isFile();
        } catch {
          return false;
        }
      });
      if (found) queue.push(found);
    }
  }
  return folders;
}

it('copies every source folder the worker and the API import', () => {
  const copied = [...readFileSync(join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^COPY (\S+) \1$/gm)].map(([, f]) => f);
  const needed = foldersReached([...sources(join(ROOT, 'worker')), ...sources(join(ROOT, 'api'))]);
  expect([...needed].filter((folder) => !copied.includes(folder)).sort()).toEqual([]);
});
