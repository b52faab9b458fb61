// Where and how to call an endpoint's scoring URI: the URI from the endpoint, and a bearer credential matching its
// auth mode (a key from listKeys, or an AML token); the scoring port sends one request over HTTPS with the CA.
import { request, type Dispatcher } from 'undici';
import type { ActivityHooks } from '../context';
import { failure } from '../failures';
import type { ScoreOutcome, ScoringPort } from '../ports';
import type { AzureClients } from './clients';
import { armScope, getOnlineEndpoint, type ArmScope } from './endpoints';

export interface ScoringTarget {
  scoringUri: string;
  authorization: string;
}

export async function scoringTarget(clients: AzureClients, s: ArmScope, hooks: ActivityHooks): Promise<ScoringTarget> {
  const ep = await getOnlineEndpoint(clients, s, hooks);
  const scoringUri = ep.properties.scoringUri;
  if (!scoringUri) throw failure('AzureUnavailable', `endpoint '${s.endpoint}' has no scoring URI yet`);
  const opts = { abortSignal: hooks.signal };
  switch (ep.properties.authMode) {
    case 'Key': {
      const keys = await clients.arm.onlineEndpoints.listKeys(s.resourceGroup, s.workspace, s.endpoint, opts);
      return { scoringUri, authorization: `Bearer ${keys.primaryKey ?? ''}` };
    }
    case 'AMLToken': {
      const token = await clients.arm.onlineEndpoints.getToken(s.resourceGroup, s.workspace, s.endpoint, opts);
      return { scoringUri, authorization: `Bearer ${token.accessToken ?? ''}` };
    }
    default:
      throw failure(
        'AzureRejected',
        `endpoint '${s.endpoint}': auth mode ${ep.properties.authMode} is not supported for validation calls`,
        {
          nonRetryable: true,
        },
      );
  }
}

export async function scoreOnce(
  dispatcher: Dispatcher,
  target: ScoringTarget,
  deployment: string,
  body: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ScoreOutcome> {
  const started = performance.now();
  const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
  try {
    const res = await request(target.scoringUri, {
      method: 'POST',
      dispatcher,
      signal: AbortSignal.any(signals),
      headers: {
        'content-type': 'application/json',
        authorization: target.authorization,
        'azureml-model-deployment': deployment,
      },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    const latencyMs = performance.now() - started;
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    if (!ok) return { ok, status: res.statusCode, latencyMs };
    try {
      return { ok, status: res.statusCode, latencyMs, output: JSON.parse(text) as unknown };
    } catch {
      return { ok, status: res.statusCode, latencyMs }; // not JSON: cannot be compared
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    return { ok: false, status: 0, latencyMs: performance.now() - started };
  }
}

export function scoringPort(clients: AzureClients): ScoringPort {
  return {
    concurrency: clients.settings.scoringConcurrency,
    async open(target, hooks) {
      const resolved = await scoringTarget(clients, armScope(clients, target), hooks);
      const timeoutMs = clients.settings.scoringTimeoutMs ?? 20_000;
      return {
        score: (deployment, body, signal) =>
          scoreOnce(clients.scoringDispatcher, resolved, deployment, body, timeoutMs, signal),
      };
    },
  };
}
