// Control of the live traffic generator: start it against one endpoint or every endpoint with live traffic
// (`endpoint: '*'`), change its rate, stop it.
import {
  emptyTrafficStats,
  startTrafficGenerator,
  type TrafficGenerator,
  type TrafficStats,
} from '../traffic/generator';
import { sampleScoringBody } from '../traffic/heart-sampler';
import { sampleRegressionBody } from '../traffic/regression-sampler';
import type { Workspace } from '../workspace/state';
import { EVERY_LIVE_ENDPOINT, followLiveEndpoints, type LiveTraffic } from './live-traffic';

export interface TrafficStart {
  rps: number;
  /** Endpoint to call (default `heart-ep`); `*` calls every endpoint with live traffic, at `rps` each. */
  endpoint?: string;
  /** Send `azureml-model-deployment` to target one deployment (one endpoint only). */
  deployment?: string;
}

export interface TrafficStatus {
  running: boolean;
  endpoint?: string;
  rps?: number;
  /** Summed over the endpoints called. */
  stats?: TrafficStats;
  /** With `endpoint: '*'`: the endpoints called now, each with its own stats. */
  endpoints?: Record<string, TrafficStats>;
}

export interface TrafficControl {
  start(options: TrafficStart): Promise<TrafficStatus>;
  setRate(rps: number): TrafficStatus;
  stop(): Promise<TrafficStatus>;
  status(): TrafficStatus;
}

type Running = { endpoint: string; rps: number } & (
  { generator: TrafficGenerator; live?: undefined } | { live: LiveTraffic; generator?: undefined }
);

export function createTrafficControl(
  ws: Workspace,
  baseUrl: () => string,
  ca: string,
  random: () => number,
): TrafficControl {
  let current: Running | undefined;
  const generatorFor = (endpoint: string, rps: number, deployment?: string): TrafficGenerator =>
    startTrafficGenerator({
      scoringUri: `${baseUrl()}/inference/${endpoint}/score`,
      key: ws.endpoint(endpoint)!.keys.primaryKey,
      ca,
      rps,
      deployment,
      random,
      // Read per request: a first release's model is only known once it is live.
      sampleBody: (rng, rows) => sampleBodyFor(ws, endpoint, rng, rows),
    });
  const status = (): TrafficStatus => {
    if (!current) return { running: false };
    const { endpoint, rps } = current;
    if (current.generator) return { running: true, endpoint, rps, stats: current.generator.stats() };
    const endpoints = current.live.stats();
    return { running: true, endpoint, rps, stats: sumStats(Object.values(endpoints)), endpoints };
  };
  const stopCurrent = async (): Promise<void> => {
    const running = current;
    current = undefined;
    await (running?.generator ?? running?.live)?.stop();
  };

  return {
    async start({ rps, endpoint = 'heart-ep', deployment }) {
      if (!Number.isFinite(rps) || rps < 0) throw new Error(`rps: must be a number >= 0, got ${rps}`);
      if (endpoint === EVERY_LIVE_ENDPOINT) {
        if (deployment !== undefined) throw new Error(`deployment: needs one endpoint, not '${EVERY_LIVE_ENDPOINT}'`);
        await stopCurrent();
        current = { endpoint, rps, live: followLiveEndpoints(ws, rps, (name, rate) => generatorFor(name, rate)) };
        return status();
      }
      if (!ws.endpoint(endpoint)) throw new Error(`endpoint: no endpoint named '${endpoint}'`);
      await stopCurrent();
      current = { endpoint, rps, generator: generatorFor(endpoint, rps, deployment) };
      return status();
    },
    setRate(rps) {
      if (!Number.isFinite(rps) || rps < 0) throw new Error(`rps: must be a number >= 0, got ${rps}`);
      if (!current) throw new Error('traffic: the generator is not running; start it first');
      (current.generator ?? current.live).setRate(rps);
      current.rps = rps;
      return status();
    },
    async stop() {
      await stopCurrent();
      return status();
    },
    status,
  };
}

/** The live deployment's model decides what its callers send: a custom model's scoring script reads rows of numbers. */
function sampleBodyFor(ws: Workspace, endpoint: string, rng: () => number, rows: number): unknown {
  const model = liveModel(ws, endpoint);
  return model?.modelType === 'custom_model'
    ? sampleRegressionBody(rng, rows, model.weights.length)
    : sampleScoringBody(rng, rows);
}

function liveModel(ws: Workspace, endpoint: string) {
  const ep = ws.endpoint(endpoint);
  const live = Object.entries(ep?.traffic ?? {}).sort((a, b) => b[1] - a[1])[0]?.[0];
  const dep = live !== undefined ? ep?.deployments[live] : undefined;
  return dep ? ws.resolveModel(dep.model) : undefined;
}

function sumStats(all: TrafficStats[]): TrafficStats {
  const total = emptyTrafficStats();
  for (const s of all) {
    total.sent += s.sent;
    total.completed += s.completed;
    total.inFlight += s.inFlight;
    total.skipped += s.skipped;
    total.failed += s.failed;
    for (const [k, n] of Object.entries(s.byStatus)) total.byStatus[k] = (total.byStatus[k] ?? 0) + n;
    for (const [k, n] of Object.entries(s.byDeployment)) total.byDeployment[k] = (total.byDeployment[k] ?? 0) + n;
  }
  return total;
}
