// Saves a finished workflow's history as JSON for the replay tests, when RECORD_HISTORIES=1
// (`npm run record-histories`). Ordinary test runs leave the committed histories alone.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';

export const HISTORIES_DIR = resolve(__dirname, '..', 'replay', 'histories');

export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), historyToJSON(history) + '\n');
}
