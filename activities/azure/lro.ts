// Polls an Azure long-running operation to its end from inside an activity: one poll per interval, a heartbeat
// after each, and the activity's cancellation honoured between polls.
import { activityHooks, throwIfCancelled, type ActivityHooks } from '../context';

export interface LroOptions {
  intervalMs: number;
  /** Sent with every heartbeat, e.g. `{ op: 'createDeployment', name }`. */
  progress: Record<string, unknown>;
  hooks?: ActivityHooks;
}

/** Options for a `begin*` call: poll interval and the activity's abort signal. */
export function lroStartOptions(intervalMs: number, hooks: ActivityHooks = activityHooks()) {
  return { updateIntervalInMs: intervalMs, abortSignal: hooks.signal };
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
  while (!poller.isDone()) {
    hooks.heartbeat({ ...options.progress, polls });
    throwIfCancelled(hooks);
    await hooks.sleep(options.intervalMs);
    await poller.poll({ abortSignal: hooks.signal });
    polls += 1;
  }
  hooks.heartbeat({ ...options.progress, polls, done: true });
  return poller.getResult();
}
