// Saves a finished workflow's history as JSON for the replay tests, when RECORD_HISTORIES=1
// (`npm run record-histories`). Ordinary test runs leave the committed histories alone.
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
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

/**
 * Like recordHistory, but never over a saved one: a judge version's history stays the one recorded by the code that
 * shipped it, so replaying it checks today's code against that code's commands.
 */
export async function recordHistoryOnce(handle: WorkflowHandle, name: string): Promise<void> {
  if (existsSync(join(HISTORIES_DIR, `${name}.json`))) return;
  await recordHistory(handle, name);
}
