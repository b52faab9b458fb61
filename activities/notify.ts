// notify: POSTs a rollout event as JSON to a webhook, with a bounded timeout and a few quick retries; a webhook that
// keeps failing ends in a retryable `Unavailable` (a 4xx answer in a non-retryable one), for the workflow to weigh.
import { request, type Dispatcher } from 'undici';
import { activityHooks, throwIfCancelled } from './context';
import { failure } from './failures';
import type { NotifyInput } from './types';

export interface NotifyOptions {
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  dispatcher?: Dispatcher;
}

type Attempt = { ok: true } | { ok: false; retry: boolean; reason: string };

async function postOnce(
  input: NotifyInput,
  opts: Required<Omit<NotifyOptions, 'dispatcher'>> & NotifyOptions,
  signal?: AbortSignal,
): Promise<Attempt> {
  try {
    const res = await request(input.webhookUrl, {
      method: 'POST',
      dispatcher: opts.dispatcher,
      signal: AbortSignal.any([AbortSignal.timeout(opts.timeoutMs), ...(signal ? [signal] : [])]),
      headers: { 'content-type': 'application/json', 'user-agent': 'ml-rollout-service' },
      body: JSON.stringify(input.event),
    });
    await res.body.dump();
    if (res.statusCode < 300) return { ok: true };
    const retry = res.statusCode >= 500 || res.statusCode === 408 || res.statusCode === 429;
    return { ok: false, retry, reason: `webhook answered ${res.statusCode}` };
  } catch (err) {
    if (signal?.aborted) throw err;
    return {
      ok: false,
      retry: true,
      reason: `webhook unreachable: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

export function notifyActivities(options: NotifyOptions = {}) {
  const opts = { timeoutMs: 5_000, attempts: 3, backoffMs: 200, ...options };
  return {
    async notify(input: NotifyInput): Promise<void> {
      let url: URL;
      try {
        url = new URL(input.webhookUrl);
      } catch {
        // Final, unlike the code's default: no retry makes the URL parse.
        throw failure('Unavailable', `notify: webhookUrl '${input.webhookUrl}' is not a URL`, { nonRetryable: true });
      }
      const hooks = activityHooks();
      let last: Attempt = { ok: false, retry: true, reason: 'not sent' };
      for (let attempt = 1; attempt <= opts.attempts; attempt += 1) {
        throwIfCancelled(hooks);
        last = await postOnce(input, opts, hooks.signal);
        if (last.ok) return;
        if (!last.retry) break;
        hooks.heartbeat({ op: 'notify', attempt });
        if (attempt < opts.attempts) await hooks.sleep(opts.backoffMs * 2 ** (attempt - 1));
      }
      const reason = last.ok ? '' : last.reason;
      // Decided per answer: a webhook that refused the request (4xx other than 408 and 429) will refuse it again.
      throw failure('Unavailable', `notify ${url.host}: ${reason}`, { nonRetryable: !last.ok && !last.retry });
    },
  };
}
