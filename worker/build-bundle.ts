// Pre-bundles the workflow code (`npm run build:workflows`), so the worker starts without running webpack.
// Rebuild whenever workflows/ or the Temporal SDK changes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

export const DEFAULT_BUNDLE_PATH = resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

/** What every bundle of the workflow code holds: the workflows, and no workflow interceptors (telemetry/tracing.ts). */
export function workflowBundleOptions() {
  return { workflowsPath: require.resolve('../workflows') };
}

export async function buildBundle(outPath = DEFAULT_BUNDLE_PATH): Promise<string> {
  const { code } = await bundleWorkflowCode(workflowBundleOptions());
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, code);
  return outPath;
}

if (require.main === module) {
  buildBundle(process.argv[2] ? resolve(process.argv[2]) : undefined)
    .then((path) => process.stdout.write(`workflow bundle written to ${path}\n`))
    .catch((error) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    });
}
