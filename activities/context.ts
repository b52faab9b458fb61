// The slice of the Temporal activity context the activities use (heartbeat, cancellation, sleep), with no-op
// stand-ins so the same functions also run outside a worker (scripts, direct calls in tests).
import { asyncLocalStorage, type Context } from '@temporalio/activity';

export interface ActivityHooks {
  heartbeat(details?: unknown): void;
  /** Aborted when Temporal cancels the activity; undefined outside a worker. */
  signal: AbortSignal | undefined;
  sleep(ms: number): Promise<void>;
}

const detached: ActivityHooks = {
  heartbeat: () => undefined,
  signal: undefined,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function activityHooks(): ActivityHooks {
  const ctx = asyncLocalStorage.getStore() as Context | undefined;
  if (!ctx) return detached;
  return {
    heartbeat: (details) => ctx.heartbeat(details),
    signal: ctx.cancellationSignal,
    sleep: (ms) => ctx.sleep(ms),
  };
}

/** Throws the cancellation reason when the activity has been cancelled. */
export function throwIfCancelled(hooks: ActivityHooks): void {
  if (hooks.signal?.aborted) throw hooks.signal.reason ?? new Error('activity cancelled');
}
