// Control of the live traffic generator: start it against an endpoint, change its rate, stop it.
import { startTrafficGenerator, type TrafficGenerator, type TrafficStats } from '../traffic/generator';
import { sampleRegressionBody } from '../traffic/regression-sampler';
import type { Workspace } from '../workspace/state';

export interface TrafficStart {
  rps: number;
  /** Endpoint to call (default `heart-ep`). */
  endpoint?: string;
  /** Send `azureml-model-deployment` to target one deployment. */
  deployment?: string;
}

export interface TrafficStatus {
  running: boolean;
  endpoint?: string;
  rps?: number;
  stats?: TrafficStats;
}

export interface TrafficControl {
  start(options: TrafficStart): Promise<TrafficStatus>;
  setRate(rps: number): TrafficStatus;
  stop(): Promise<TrafficStatus>;
  status(): TrafficStatus;
}

export function createTrafficControl(
  ws: Workspace,
  baseUrl: () => string,
  ca: string,
  random: () => number,
): TrafficControl {
  let current: { generator: TrafficGenerator; endpoint: string; rps: number } | undefined;
  const status = (): TrafficStatus =>
    current
      ? { running: true, endpoint: current.endpoint, rps: current.rps, stats: current.generator.stats() }
      : { running: false };

  return {
    async start({ rps, endpoint = 'heart-ep', deployment }) {
      if (!Number.isFinite(rps) || rps < 0) throw new Error(`rps: must be a number >= 0, got ${rps}`);
      const ep = ws.endpoint(endpoint);
      if (!ep) throw new Error(`endpoint: no endpoint named '${endpoint}'`);
      if (current) await current.generator.stop();
      const generator = startTrafficGenerator({
        scoringUri: `${baseUrl()}/inference/${endpoint}/score`,
        key: ep.keys.primaryKey,
        ca,
        rps,
        deployment,
        random,
        // The live deployment's model decides what its callers send: a custom model's scoring script reads rows of numbers.
        ...(liveModel(ws, endpoint)?.modelType === 'custom_model'
          ? {
              sampleBody: (rng: () => number, rows: number) =>
                sampleRegressionBody(rng, rows, liveModel(ws, endpoint)!.weights.length),
            }
          : {}),
      });
      current = { generator, endpoint, rps };
      return status();
    },
    setRate(rps) {
      if (!Number.isFinite(rps) || rps < 0) throw new Error(`rps: must be a number >= 0, got ${rps}`);
      if (!current) throw new Error('traffic: the generator is not running; start it first');
      current.generator.setRate(rps);
      current.rps = rps;
      return status();
    },
    async stop() {
      const running = current;
      current = undefined;
      if (running) await running.generator.stop();
      return status();
    },
    status,
  };
}

function liveModel(ws: Workspace, endpoint: string) {
  const ep = ws.endpoint(endpoint);
  const live = Object.entries(ep?.traffic ?? {}).sort((a, b) => b[1] - a[1])[0]?.[0];
  const dep = live !== undefined ? ep?.deployments[live] : undefined;
  return dep ? ws.resolveModel(dep.model) : undefined;
}
