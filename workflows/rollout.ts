// The rollout workflow: check the plan, then stage after stage as straight-line code. Anything that stops the
// stages (a failed gate, a rejection, the rollback update, workflow cancellation, an activity that gave up) ends
// in one rollback, outside cancellation. Continue-as-new passes through untouched.
import {
  CancellationScope,
  ContinueAsNew,
  allHandlersFinished,
  condition,
  isCancellation,
  log,
} from '@temporalio/workflow';
import { isTerminal, type RolloutStatus } from '../domain/status';
import type { RolloutInput } from './messages';
import { RollbackNeeded, type RunContext } from './context';
import { describeFailure } from './failure';
import { registerHandlers } from './handlers';
import { createActs } from './proxies';
import { carriedRun, finish, initialRun, nowIso, setStageIndex } from './state';
import { checkPlan, runStage } from './stages';
import { continueAsNewIfDue } from './continue-as-new';
import { rollback, type RollbackCause } from './rollback';
import { notifyIfSet } from './notify';
import { keepListing } from './listing';
import { startNotifier } from './notifier';

export async function rolloutWorkflow(input: RolloutInput): Promise<RolloutStatus> {
  const run = input.carried ? carriedRun(input.carried) : initialRun(input, nowIso());
  const stages = new CancellationScope();
  registerHandlers(run, { cancelStages: () => stages.cancel() });
  const listing = keepListing(run);
  const acts = createActs();
  const notifier = startNotifier(run, acts, input.plan.notifications);
  const ctx: RunContext = { input, plan: input.plan, target: input.target, run, acts, notifier };
  let stopped: unknown;
  try {
    // A run that continued as new in the middle of a rollback goes straight back to it.
    if (!run.status.rollback) await stages.run(() => runPlan(ctx));
  } catch (error) {
    if (error instanceof ContinueAsNew) {
      listing.flush();
      throw error;
    }
    stopped = error;
  }
  await CancellationScope.nonCancellable(async () => {
    await conclude(ctx, stopped);
    await notifier.drain();
    await condition(allHandlersFinished);
  });
  listing.flush();
  return run.status;
}

async function runPlan(ctx: RunContext): Promise<void> {
  const { run, plan } = ctx;
  if (!run.planChecked && !(await checkPlan(ctx))) return;
  for (let index = run.status.stageIndex; index < plan.stages.length; index++) {
    setStageIndex(run, index);
    await runStage(ctx, plan.stages[index], index);
    setStageIndex(run, index + 1);
    await continueAsNewIfDue(ctx);
  }
}

async function conclude(ctx: RunContext, stopped: unknown): Promise<void> {
  const { run } = ctx;
  if (!isTerminal(run.status.state)) {
    if (stopped === undefined && !run.rollbackRequest && !run.status.rollback) {
      finish(run, 'Succeeded', 'every stage passed');
    } else {
      await rollback(ctx, rollbackCause(run, stopped));
    }
  }
  log.info('rollout ended', { rolloutId: run.status.rolloutId, outcome: run.status.outcome });
  await notifyIfSet(ctx, `rollout.${run.status.state.toLowerCase()}`, { alert: run.status.state === 'Failed' });
}

function rollbackCause(run: RunContext['run'], stopped: unknown): RollbackCause {
  const request = run.rollbackRequest;
  if (run.status.rollback) return { reason: run.status.rollback.reason, actor: run.status.rollback.actor };
  if (request) return { reason: request.reason ?? 'rollback requested', actor: request.actor };
  if (stopped instanceof RollbackNeeded) {
    return { reason: stopped.reason, actor: stopped.actor, details: stopped.details };
  }
  if (isCancellation(stopped)) return { reason: 'workflow cancelled', actor: 'temporal' };
  const reason = describeFailure(stopped);
  return { reason: `stage failed: ${reason}`, actor: 'system', details: { error: reason } };
}
