// Serves one request (live or mirrored copy) on one deployment and records it for Azure Monitor.
import type { DataPlaneContext } from '../data-plane-context';
import type { EndpointRecord } from '../types';
import type { ModelOutput } from '../model/classifier';
import { inputForModel, type RequestBody } from './model-input';
import { inFlightLimit, requestSettings } from './request-settings';
import { runModel } from './run-model';
import type { InFlight } from './in-flight';

export type ServeResult =
  | { kind: 'ok'; status: 200; latencyMs: number; predictions: ModelOutput[] }
  | { kind: 'bad-input'; status: 400; latencyMs: number; message: string }
  | { kind: 'model-error'; status: 424; latencyMs: number; modelStatus: number; reason: string }
  | { kind: 'timeout'; status: 408; latencyMs: number; timeoutMs: number }
  | { kind: 'throttled'; status: 429; latencyMs: number; limit: number };

export interface ServeInput {
  endpoint: EndpointRecord;
  deployment: string;
  body: RequestBody;
  at: number;
  mirrored: boolean;
}

export async function serve(ctx: DataPlaneContext, inFlight: InFlight, req: ServeInput): Promise<ServeResult> {
  const result = await serveUnrecorded(ctx, inFlight, req);
  ctx.record({
    at: req.at,
    endpoint: req.endpoint.name,
    deployment: req.deployment,
    mirrored: req.mirrored,
    status: result.status,
    latencyMs: result.latencyMs,
  });
  return result;
}

async function serveUnrecorded(ctx: DataPlaneContext, inFlight: InFlight, req: ServeInput): Promise<ServeResult> {
  const deployment = req.endpoint.deployments[req.deployment];
  const key = `${req.endpoint.name}/${req.deployment}`;
  const limit = inFlightLimit(deployment);
  if (!inFlight.tryAcquire(key, limit)) return { kind: 'throttled', status: 429, latencyMs: 0, limit };
  try {
    const model = ctx.resolveModel(deployment.model);
    if (!model) {
      const reason = `model ${deployment.model} is not registered`;
      return { kind: 'model-error', status: 424, latencyMs: 0, modelStatus: 500, reason };
    }
    // The deployment's own model reads the body: a live request and its mirrored copy may read it differently.
    const input = inputForModel(model, req.body);
    if (input.kind === 'invalid') return { kind: 'bad-input', status: 400, latencyMs: 0, message: input.message };
    const { requestTimeoutMs } = requestSettings(deployment);
    const outcome = await runModel(ctx, req.endpoint.name, deployment, model, input.rows, requestTimeoutMs);
    switch (outcome.kind) {
      case 'ok':
        return { kind: 'ok', status: 200, latencyMs: outcome.latencyMs, predictions: outcome.predictions };
      case 'model-error':
        return { ...outcome, status: 424 };
      case 'timeout':
        return { kind: 'timeout', status: 408, latencyMs: outcome.latencyMs, timeoutMs: requestTimeoutMs };
    }
  } finally {
    inFlight.release(key);
  }
}
