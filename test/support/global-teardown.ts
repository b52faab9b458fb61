import { rmSync } from 'node:fs';
import type { DevServer } from '../../embedded/temporal-dev-server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __TEMPORAL_DEV_SERVER__?: DevServer }).__TEMPORAL_DEV_SERVER__;
  await server?.stop();
  if (process.env.WORKFLOW_BUNDLE_PATH) rmSync(process.env.WORKFLOW_BUNDLE_PATH, { force: true });
}
