// compareDeployments: the plan's request bodies sent straight to the baseline and the candidate (header
// `azureml-model-deployment`) through the scoring port: errors, client-side latency, agreement of the answers.
import { compareAnswers } from '../domain/agreement';
import { toleranceSchema, type Tolerance } from '../domain/plan';
import type { DeploymentCounts } from '../domain/verdict';
import { activityHooks, throwIfCancelled, type ActivityHooks } from './context';
import { callAzure } from './failures';
import type { AzurePorts, ScoreOutcome } from './ports';
import { percentile, requestBodyFor } from './scoring-inputs';
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

const DEFAULT_TOLERANCE = toleranceSchema.parse({});

export interface AgreementResult {
  agreement: number;
  compared: number;
  incomparable?: number;
  incomparableReason?: string;
}

/**
 * Agreement = agreeing answer items / items compared, over the requests both deployments answered (0 when none);
 * errors are judged separately. Requests whose answers cannot be compared are counted apart, with the reason.
 */
export function agreementOf(
  pairs: Array<[ScoreOutcome, ScoreOutcome]>,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): AgreementResult {
  let compared = 0;
  let agreeing = 0;
  let incomparable = 0;
  let reason: string | undefined;
  for (const [baseline, candidate] of pairs.filter(([a, b]) => a.ok && b.ok)) {
    const result = compareAnswers({ baseline: baseline.output, candidate: candidate.output }, tolerance);
    if (result.kind === 'incomparable') {
      incomparable++;
      reason ??= result.reason;
      continue;
    }
    compared += result.items;
    agreeing += result.agreeing;
  }
  return {
    agreement: compared ? agreeing / compared : 0,
    compared,
    ...(incomparable ? { incomparable, incomparableReason: reason } : {}),
  };
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
      const body = requestBodyFor(input, i);
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
        ...agreementOf(pairs, input.tolerance),
      };
    },
  };
}
