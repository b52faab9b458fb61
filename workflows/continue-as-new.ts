// Bounded history: continue as new when Temporal suggests it or history passes the input's limit, carrying the
// run state (plain JSON, bake progress included; old gates and events folded, workflows/fold.ts). Called only
// between gate reads and between stages.
import { allHandlersFinished, condition, continueAsNew, log, workflowInfo } from '@temporalio/workflow';
import type { RunContext } from './context';
import { addEvent, carriedRun } from './state';
import type { rolloutWorkflow } from './rollout';

export function continueAsNewDue(input: { historyLimit?: number }): boolean {
  const info = workflowInfo();
  if (info.continueAsNewSuggested) return true;
  return input.historyLimit !== undefined && info.historyLength >= input.historyLimit;
}

export async function continueAsNewIfDue(ctx: RunContext): Promise<void> {
  if (!continueAsNewDue(ctx.input)) return;
  await ctx.notifier?.drain();
  await condition(allHandlersFinished);
  const historyLength = workflowInfo().historyLength;
  log.info('continuing as new', { rolloutId: ctx.run.status.rolloutId, historyLength });
  addEvent(ctx.run, { type: 'continuedAsNew', actor: 'system', details: { historyLength } });
  await continueAsNew<typeof rolloutWorkflow>({ ...ctx.input, carried: carriedRun(ctx.run) });
}
