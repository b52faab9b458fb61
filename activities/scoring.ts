// compareDeployments: the same N inputs sent straight to the baseline and the candidate (header
// `azureml-model-deployment`) through the scoring port: errors, client-side latency, prediction agreement.
import type { DeploymentCounts } from '../domain/verdict';
import { activityHooks, throwIfCancelled, type ActivityHooks } from './context';
import { callAzure } from './failures';
import type { AzurePorts, ScoreOutcome } from './ports';
import { heartRequest, percentile } from './scoring-inputs';
import type { CompareDeploymentsInput, CompareDeploymentsResult } from './types';

export type { ScoreOutcome } from './ports';

export function countsOf(outcomes: ScoreOutcome[]): DeploymentCounts {
  const latencies = outcomes.filter((o) => o.status !== 0).map((o) => o.latencyMs);
  return {
    requests: outcomes.length,
    errors: outcomes.filter((o) => !o.ok).length,
    latencyP50Ms: percentile(latencies, 50),
    latencyP90Ms: percentile(latencies, 90),
    latencyP95Ms: percentile(latencies, 95),
    latencyP99Ms: percentile(latencies, 99),
  };
}

/** Agreement = matching answers / inputs both deployments answered (0 when none); errors are judged separately. */
export function agreementOf(pairs: Array<[ScoreOutcome, ScoreOutcome]>): { agreement: number; compared: number } {
  const both = pairs.filter(([a, b]) => a.ok && b.ok);
  const same = both.filter(([a, b]) => JSON.stringify(a.predictions) === JSON.stringify(b.predictions));
  return { agreement: both.length ? same.length / both.length : 0, compared: both.length };
}

/**
 * Each input goes to both deployments at once; inputs follow one another `concurrency` at a time. Azure answers 429
 * beyond 2 × maxConcurrentRequestsPerInstance × instances in flight, so the default of 1 never throttles itself.
 */
async function runPairs(
  input: CompareDeploymentsInput,
  send: (deployment: string, body: unknown) => Promise<ScoreOutcome>,
  hooks: ActivityHooks,
  concurrency: number,
) {
  const pairs: Array<[ScoreOutcome, ScoreOutcome]> = new Array(input.requests);
  let next = 0;
  const worker = async () => {
    while (next < input.requests) {
      const i = next++;
      throwIfCancelled(hooks);
      const body = input.request ?? heartRequest(i + 1);
      pairs[i] = await Promise.all([send(input.baseline, body), send(input.candidate, body)]);
      hooks.heartbeat({ op: 'compareDeployments', done: i + 1, of: input.requests });
    }
  };
  // A slow answer must not starve the heartbeat: beat on a timer too, not only per finished input.
  const ticker = setInterval(
    () => hooks.heartbeat({ op: 'compareDeployments', done: next, of: input.requests }),
    5_000,
  );
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, input.requests)) }, worker));
  } finally {
    clearInterval(ticker);
  }
  return pairs;
}

export function scoringActivities(ports: AzurePorts) {
  return {
    async compareDeployments(input: CompareDeploymentsInput): Promise<CompareDeploymentsResult> {
      const hooks = activityHooks();
      const action = `resolve scoring for '${input.target.endpoint}'`;
      const scorer = await callAzure(action, () => ports.scoring.open(input.target, hooks));
      const send = (deployment: string, body: unknown) => scorer.score(deployment, body, hooks.signal);
      const pairs = await runPairs(input, send, hooks, ports.scoring.concurrency ?? 1);
      return {
        baseline: countsOf(pairs.map(([b]) => b)),
        candidate: countsOf(pairs.map(([, c]) => c)),
        ...agreementOf(pairs),
      };
    },
  };
}
