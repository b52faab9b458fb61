// Live traffic: scoring requests at a set rate to one endpoint over HTTPS, bounded in concurrency and stoppable.

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
  /** Stop after sending this many requests. */
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

export function startTrafficGenerator(options: TrafficGeneratorOptions): TrafficGenerator {
  throw new Error(`traffic generator for ${options.scoringUri} not implemented yet`);
}
