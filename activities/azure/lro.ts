// Polls an Azure long-running operation to its end from inside an activity: one poll per interval, a heartbeat
// after each, and the activity's cancellation honoured between polls, unless the operation must be seen through.
import { activityHooks, throwIfCancelled, type ActivityHooks } from '../context';

export interface LroOptions {
  intervalMs: number;
  /** Sent with every heartbeat, e.g. `{ op: 'createDeployment', name }`. */
  progress: Record<string, unknown>;
  hooks?: ActivityHooks;
  /**
   * Poll to the operation's end even when the activity is cancelled. Azure cannot cancel an operation it accepted:
   * an activity that stops polling an endpoint update would let the rollback read the old traffic as settled, and
   * the update would land after the rollback's verification.
   */
  seeThrough?: boolean;
}

/** Options for a `begin*` call: poll interval and the activity's abort signal (none for a `seeThrough` operation). */
export function lroStartOptions(intervalMs: number, hooks: ActivityHooks = activityHooks(), seeThrough = false) {
  return { updateIntervalInMs: intervalMs, abortSignal: seeThrough ? undefined : hooks.signal };
}

/** The part of core-lro's PollerLike used here. */
export interface Poller<T> {
  isDone(): boolean;
  poll(options?: { abortSignal?: AbortSignal }): Promise<void>;
  getResult(): T | undefined;
}

export async function pollToCompletion<T>(poller: Poller<T>, options: LroOptions): Promise<T | undefined> {
  const hooks = options.hooks ?? activityHooks();
  let polls = 0;
  const abortSignal = options.seeThrough ? undefined : hooks.signal;
  while (!poller.isDone()) {
    hooks.heartbeat({ ...options.progress, polls });
    if (!options.seeThrough) throwIfCancelled(hooks);
    await (options.seeThrough ? pause(options.intervalMs) : hooks.sleep(options.intervalMs));
    await poller.poll({ abortSignal });
    polls += 1;
  }
  hooks.heartbeat({ ...options.progress, polls, done: true });
  return poller.getResult();
}

/** A sleep that the activity's cancellation does not cut short (Context.sleep rejects on cancellation). */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
