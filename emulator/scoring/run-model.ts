// Runs one deployment's model on parsed rows: waits the simulated latency, injects errors and changed outputs.
import type { DataPlaneContext } from '../data-plane-context';
import type { DeploymentRecord, ModelBehaviour, ModelVersionRecord } from '../types';
import { flip, outputOf, type ModelOutput } from '../model/classifier';
import type { FeatureRow } from '../model/features';
import { logNormalLatency } from '../model/random';

export type ModelOutcome =
  | { kind: 'ok'; latencyMs: number; predictions: ModelOutput[] }
  | { kind: 'model-error'; latencyMs: number; modelStatus: number; reason: string }
  | { kind: 'timeout'; latencyMs: number };

/** The model's behaviour with the deployment's override; its `atWeight` behaviour once the live weight reaches it. */
export function effectiveBehaviour(
  base: ModelBehaviour,
  override?: Partial<ModelBehaviour>,
  liveWeight = 0,
): ModelBehaviour {
  const atWeight = override?.atWeight ?? base.atWeight;
  const loaded = atWeight !== undefined && liveWeight >= atWeight.minWeight ? atWeight : undefined;
  return {
    latencyMs: { ...base.latencyMs, ...override?.latencyMs, ...loaded?.latencyMs },
    errorRate: loaded?.errorRate ?? override?.errorRate ?? base.errorRate,
    flipRate: override?.flipRate ?? base.flipRate ?? 0,
  };
}

/**
 * The latency is simulated by really waiting it (setTimeout); the recorded latency is the sampled value, so metrics
 * are exact while callers still observe the delay. A sample above the request timeout waits the timeout and is a 408.
 */
export async function runModel(
  ctx: DataPlaneContext,
  endpoint: string,
  deployment: DeploymentRecord,
  model: ModelVersionRecord,
  rows: FeatureRow[],
  timeoutMs: number,
): Promise<ModelOutcome> {
  const liveWeight = ctx.getEndpoint(endpoint)?.traffic[deployment.name] ?? 0;
  const behaviour = effectiveBehaviour(model.behaviour, deployment.behaviourOverride, liveWeight);
  const fate = ctx.deploymentRandom ? () => ctx.deploymentRandom!(endpoint, deployment.name) : ctx.random;
  const sampled = logNormalLatency(behaviour.latencyMs, fate);
  // Drawn before the timeout check so every request takes the same number of draws from its deployment's stream.
  const failed = fate() < behaviour.errorRate;
  if (sampled > timeoutMs) {
    await sleep(timeoutMs);
    return { kind: 'timeout', latencyMs: timeoutMs };
  }
  const latencyMs = Math.round(sampled * 1000) / 1000;
  await sleep(latencyMs);
  if (failed) return { kind: 'model-error', latencyMs, modelStatus: 500, reason: 'model raised an exception' };
  const flipRate = behaviour.flipRate ?? 0;
  const predictions = rows.map((row) => {
    const p = outputOf(model, row);
    return flipRate > 0 && ctx.random() < flipRate ? flip(p) : p;
  });
  return { kind: 'ok', latencyMs, predictions };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
