// The rollback's restore, which does not give up: PUT the traffic the rollout started from (workflows/traffic.ts)
// with no mirror and read it back, again
// and again with capped backoff, until Azure serves exactly that. Only two things end it otherwise: the baseline
// is gone (read back from the endpoint, so a refusal Azure might lift is still retried), or an SRE or admin
// abandons it (the abandonRollback update). Past a threshold it raises one alert; its progress is in the status.
//
// History per attempt: at most ~20 events (setTraffic and getTraffic, 6 each with their workflow tasks; the backoff
// timer, 5); activity retries inside an attempt add none. At the 60 s cap that is ~60 attempts and ~1,200 events an
// hour; the run continues as new between attempts once Temporal suggests it (or input.historyLimit is passed),
// carrying the rollback's progress, and the new run resumes the restore. Events in the log: every attempt up to
// LOGGED_ATTEMPTS, then every LOG_EVERY-th, so a long outage does not grow the status; `status.rollback` always
// holds the latest attempt count and error.
import { condition } from '@temporalio/workflow';
import type { TrafficState } from '../domain/endpoint';
import type { RunContext } from './context';
import type { ControlInput } from './messages';
import { continueAsNewDue, continueAsNewIfDue } from './continue-as-new';
import { describeFailure } from './failure';
import { notifyIfSet } from './notify';
import { addEvent, markRollbackAlerted, rollbackAttemptFailed, setTrafficState } from './state';
import { sameTrafficState } from '../domain/traffic';

export const PATCH_ROLLBACK_PERSISTS = 'rollback-persists';

export type Restore =
  | { kind: 'restored' }
  | { kind: 'abandoned'; control: ControlInput }
  | { kind: 'failed'; reason: string; details?: Record<string, unknown> };

export const ROLLBACK_BACKOFF = { initialMs: 1_000, maxMs: 60_000, alertAfterMs: 5 * 60_000 };
const LOGGED_ATTEMPTS = 10;
const LOG_EVERY = 10;
/** Codes after which the baseline's existence is checked: Azure refused the PUT, or something is not found. */
const MAYBE_GONE = ['NotFound', 'AzureRejected'];

export async function persistentRestore(ctx: RunContext, wanted: TrafficState): Promise<Restore> {
  const { run } = ctx;
  const backoff = { ...ROLLBACK_BACKOFF, ...ctx.input.rollbackBackoff };
  for (;;) {
    if (run.abandonRequest) return { kind: 'abandoned', control: run.abandonRequest };
    const outcome = await attempt(ctx, wanted);
    if (outcome.kind !== 'retry') return outcome;
    rollbackAttemptFailed(run, outcome.error);
    const progress = run.status.rollback!;
    if (progress.attempts <= LOGGED_ATTEMPTS || progress.attempts % LOG_EVERY === 0) {
      addEvent(run, {
        type: 'rollback.retry',
        actor: 'system',
        reason: outcome.error,
        details: { attempt: progress.attempts, ...outcome.details },
      });
    }
    if (!progress.alertedAt && Date.now() - Date.parse(progress.since) >= backoff.alertAfterMs) {
      markRollbackAlerted(run);
      await notifyIfSet(ctx, 'rollback.stuck', {
        alert: true,
        attempts: progress.attempts,
        lastError: progress.lastError,
        since: progress.since,
      });
    }
    const delayMs = Math.min(backoff.initialMs * 2 ** Math.min(progress.attempts - 1, 30), backoff.maxMs);
    await condition(() => run.abandonRequest !== undefined, delayMs);
    if (!run.abandonRequest && continueAsNewDue(ctx.input)) await continueAsNewIfDue(ctx);
  }
}

type Attempt =
  Exclude<Restore, { kind: 'abandoned' }> | { kind: 'retry'; error: string; details?: Record<string, unknown> };

async function attempt(ctx: RunContext, wanted: TrafficState): Promise<Attempt> {
  try {
    await ctx.acts.restore.setTraffic({ target: ctx.target, ...wanted });
    // Read back on our own, not only through setTraffic's verification: what counts is what Azure now serves.
    const readBack = await ctx.acts.read.getTraffic({ target: ctx.target });
    setTrafficState(ctx.run, readBack);
    if (sameTrafficState(readBack, wanted)) return { kind: 'restored' };
    return { kind: 'retry', error: 'read back does not match', details: { readBack: { ...readBack } } };
  } catch (error) {
    const described = describeFailure(error);
    if (MAYBE_GONE.includes(failureType(error) ?? '')) {
      const gone = await baselineGone(ctx, described);
      if (gone) return gone;
    }
    return { kind: 'retry', error: described };
  }
}

/** Azure refused the restore: final when the endpoint no longer has the baseline (or is gone itself). */
async function baselineGone(ctx: RunContext, error: string): Promise<Extract<Restore, { kind: 'failed' }> | undefined> {
  const { baseline } = ctx.run.status;
  let endpoint;
  try {
    endpoint = await ctx.acts.read.getEndpoint({ target: ctx.target });
  } catch (readError) {
    if (failureType(readError) !== 'NotFound') return undefined;
    return {
      kind: 'failed',
      reason: `the endpoint ${ctx.target.endpoint} is gone: ${error}`,
      details: { error, read: describeFailure(readError) },
    };
  }
  const actual: TrafficState = { traffic: { ...endpoint.traffic }, mirrorTraffic: { ...endpoint.mirrorTraffic } };
  setTrafficState(ctx.run, actual);
  if (endpoint.deployments.some((deployment) => deployment.name === baseline)) return undefined;
  return { kind: 'failed', reason: `the baseline ${baseline} was deleted: ${error}`, details: { error, actual } };
}

/** The error code of the first typed failure in the cause chain (ActivityFailure → ApplicationFailure). */
function failureType(error: unknown): string | undefined {
  for (let failure = error, depth = 0; typeof failure === 'object' && failure !== null && depth < 10; depth++) {
    const { type, cause } = failure as { type?: unknown; cause?: unknown };
    if (typeof type === 'string' && type !== '') return type;
    failure = cause;
  }
  return undefined;
}
