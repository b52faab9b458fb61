// Live traffic: scoring requests at a set rate to one endpoint over HTTPS, bounded in concurrency and stoppable.
import { Agent, request } from 'undici';
import { Arrivals } from './arrivals';
import { sampleScoringBody } from './heart-sampler';

export interface TrafficGeneratorOptions {
  /** `https://127.0.0.1:PORT/inference/{endpoint}/score`. */
  scoringUri: string;
  /** The endpoint's primary or secondary key (sent as `Authorization: Bearer <key>`). */
  key: string;
  /** PEM of the CA that signed the emulator's certificate. */
  ca: string | Buffer;
  /** Requests per second; 0 pauses. */
  rps: number;
  /** Poisson arrivals (default) or evenly spaced ones. */
  arrival?: 'poisson' | 'uniform';
  /** Most requests in flight at once (default 8); an arrival finding them all busy is skipped and counted. */
  concurrency?: number;
  /** Sends `azureml-model-deployment: <deployment>` to bypass the traffic split. */
  deployment?: string;
  /** Rows per request body (default 1). */
  rowsPerRequest?: number;
  /** Draws one request body (default: heart-disease rows in MLflow's split orient). */
  sampleBody?: (rng: () => number, rows: number) => unknown;
  /** Stop after sending this many requests (skipped arrivals do not count). */
  maxRequests?: number;
  /** Stop after this long. */
  durationMs?: number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Uniform [0, 1) source for arrivals and bodies (default Math.random). */
  random?: () => number;
}

export interface TrafficStats {
  sent: number;
  completed: number;
  inFlight: number;
  /** Arrivals dropped because `concurrency` requests were already in flight. */
  skipped: number;
  /** Requests that got no HTTP response (connection errors, timeouts). */
  failed: number;
  byStatus: Record<string, number>;
  /** By the `azureml-model-deployment` response header. */
  byDeployment: Record<string, number>;
}

export interface TrafficGenerator {
  /** Stops sending and resolves once the requests in flight have finished. */
  stop(): Promise<void>;
  setRate(rps: number): void;
  stats(): TrafficStats;
  /** Resolves when a bounded run (maxRequests / durationMs) has finished, or after stop(). */
  done(): Promise<void>;
}

export const emptyTrafficStats = (): TrafficStats => ({
  sent: 0,
  completed: 0,
  inFlight: 0,
  skipped: 0,
  failed: 0,
  byStatus: {},
  byDeployment: {},
});

export function startTrafficGenerator(options: TrafficGeneratorOptions): TrafficGenerator {
  if (!Number.isFinite(options.rps) || options.rps < 0)
    throw new Error(`rps must be a finite number >= 0, got ${options.rps}`);
  const rng = options.random ?? Math.random;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const agent = new Agent({ connect: { ca: options.ca }, connections: concurrency });
  const stats = emptyTrafficStats();
  let finished = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const settle = (): void => {
    if (finished && stats.inFlight === 0) resolveDone();
  };
  const finish = (): void => {
    finished = true;
    arrivals.stop();
    clearTimeout(deadline);
    settle();
  };
  const send = async (): Promise<void> => {
    stats.sent++;
    stats.inFlight++;
    try {
      await sendOne(agent, options, rng, stats);
    } finally {
      stats.inFlight--;
      settle();
    }
  };
  const arrivals = new Arrivals(options.rps, options.arrival ?? 'poisson', rng, () => {
    if (finished) return;
    if (stats.inFlight >= concurrency) stats.skipped++;
    else void send();
    if (options.maxRequests !== undefined && stats.sent >= options.maxRequests) finish();
  });
  const endAt = Date.now() + (options.durationMs ?? 0);
  const deadline =
    options.durationMs === undefined
      ? undefined
      : setTimeout(() => (arrivals.flush(endAt), finish()), options.durationMs);
  arrivals.start();
  let closed: Promise<void> | undefined;
  return {
    stop() {
      finish();
      return (closed ??= done.then(() => agent.close()).then(() => undefined));
    },
    setRate: (rps) => arrivals.setRate(rps),
    stats: () => ({ ...stats, byStatus: { ...stats.byStatus }, byDeployment: { ...stats.byDeployment } }),
    done: () => done,
  };
}

async function sendOne(
  agent: Agent,
  options: TrafficGeneratorOptions,
  rng: () => number,
  stats: TrafficStats,
): Promise<void> {
  try {
    const res = await request(options.scoringUri, {
      method: 'POST',
      dispatcher: agent,
      headers: requestHeaders(options),
      body: JSON.stringify((options.sampleBody ?? sampleScoringBody)(rng, options.rowsPerRequest ?? 1)),
      headersTimeout: options.timeoutMs ?? 30_000,
      bodyTimeout: options.timeoutMs ?? 30_000,
    });
    await res.body.dump();
    const deployment = res.headers['azureml-model-deployment'];
    stats.completed++;
    increment(stats.byStatus, String(res.statusCode));
    if (typeof deployment === 'string') increment(stats.byDeployment, deployment);
  } catch {
    stats.failed++;
  }
}

function requestHeaders(options: TrafficGeneratorOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${options.key}`,
  };
  if (options.deployment !== undefined) headers['azureml-model-deployment'] = options.deployment;
  return headers;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
