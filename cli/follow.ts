// Following a rollout over its server-sent events until it reaches a state or ends, with an optional time limit:
// the engine of `watch`, `start --wait` and `--wait-for`. A dropped stream is reopened; the events replay from the start.
import type { RolloutEvent, RolloutOutcome } from '../domain/status';
import { ApiClient, rolloutPath, type ServerEvent } from './client';
import { CliError } from './errors';
import { EXIT } from './exit-codes';
import type { StatusView } from './view';

const TERMINAL: readonly string[] = ['Succeeded', 'RolledBack', 'Failed', 'Refused'] satisfies RolloutOutcome[];
const RECONNECT_MS = 1_000;

export const isTerminalState = (state: string) => TERMINAL.includes(state);

export interface FollowOptions {
  /** Stop when the rollout reaches this state (it always stops when the rollout ends). */
  until?: string;
  timeoutMs?: number;
  /** Each time the status changes, with the event log so far. */
  onStatus?: (status: StatusView) => void;
}

export async function follow(client: ApiClient, id: string, options: FollowOptions = {}): Promise<StatusView> {
  const done = (s: StatusView) => s.state === options.until || isTerminalState(s.state);
  const timeout = new AbortController();
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => timeout.abort(), options.timeoutMs);
  const timedOut = (last: StatusView) =>
    new CliError(
      `timed out after ${options.timeoutMs} ms waiting for ${options.until ?? 'the end'}: the rollout is ${last.state}`,
      EXIT.timedOut,
    );
  try {
    let last = await client.request<StatusView>('GET', rolloutPath(id), { signal: timeout.signal }).catch((error) => {
      if (timeout.signal.aborted) throw new CliError(`timed out after ${options.timeoutMs} ms`, EXIT.timedOut);
      throw error;
    });
    options.onStatus?.(last);
    while (!done(last)) {
      const connection = new AbortController();
      const stop = () => connection.abort();
      timeout.signal.addEventListener('abort', stop);
      const events: RolloutEvent[] = [];
      const onEvent = (message: ServerEvent) => {
        if (message.event === 'event') events.push(message.data as RolloutEvent);
        if (message.event !== 'status') return false;
        last = { ...(message.data as StatusView), id: last.id, events: [...events] };
        options.onStatus?.(last);
        return done(last);
      };
      await client
        .stream(`${rolloutPath(id)}/events`, onEvent, connection.signal)
        .catch((error: unknown) => {
          if (!connection.signal.aborted) throw error;
        })
        .finally(() => timeout.signal.removeEventListener('abort', stop));
      if (timeout.signal.aborted) throw timedOut(last);
      if (done(last)) break;
      // The stream ended without the state wanted: read the status (it may have ended between polls) and reopen.
      last = { ...(await client.request<StatusView>('GET', rolloutPath(id))), id: last.id };
      if (!done(last)) await sleep(RECONNECT_MS, timeout.signal);
      if (timeout.signal.aborted) throw timedOut(last);
    }
    return last;
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
