// Integration tests share one Temporal dev server per run and one pre-built workflow bundle.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startTemporalDevServer } from '../../embedded/temporal-dev-server';

const ROOT = resolve(__dirname, '..', '..');

export default async function globalSetup(): Promise<void> {
  const server = await startTemporalDevServer();
  (globalThis as { __TEMPORAL_DEV_SERVER__?: unknown }).__TEMPORAL_DEV_SERVER__ = server;
  process.env.TEMPORAL_ADDRESS = server.address;

  const workflowsPath = join(ROOT, 'workflows', 'index.ts');
  if (existsSync(workflowsPath)) {
    const { bundleWorkflowCode } = await import('@temporalio/worker');
    const { workflowBundleOptions } = await import('../../worker/build-bundle');
    const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger });
    const dir = join(ROOT, 'tmp');
    mkdirSync(dir, { recursive: true });
    const codePath = join(dir, `workflow-bundle-${process.pid}.js`);
    writeFileSync(codePath, code);
    process.env.WORKFLOW_BUNDLE_PATH = codePath;
  }
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error(message: string, meta?: unknown) {
    console.error(message, meta);
  },
};
