// startEmulator's options, their defaults, and the ready JSON a running emulator describes itself with.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AZURE_METRICS_CLOCK, acceleratedClock, type MetricsClock } from './metrics/ingestion';
import { isoDurationText } from './metrics/timespan';
import type { ThrottleLimits } from './metrics/throttle';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Where the CA PEM is written (default: a fresh temporary directory). */
  dataDir?: string;
  /** Workspace state file: loaded at start when present, saved on every change. */
  stateFile?: string;
  /** How long every ARM operation runs before it completes (default 1000 ms). */
  provisioningMs?: number;
  /** Retry-After seconds on answers of running operations (default: header omitted). */
  retryAfterSeconds?: number;
  /** Seed the workspace when no state was loaded (default true). */
  seed?: boolean;
  /** Live traffic to `heart-ep` (or `endpoint`; `*`: each endpoint with live traffic) from the start (default off). */
  traffic?: { rps: number; endpoint?: string } | false;
  subscriptionId?: string;
  resourceGroup?: string;
  workspace?: string;
  location?: string;
  /** Seed of the emulator's random source (routing, model behaviour); Math.random when omitted. */
  randomSeed?: number;
  /** When set, the admin API needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  /** ARM request bodies above this answer 413 (default 4 MiB, as ARM). */
  maxBodyBytes?: number;
  /** vCPU limit per VM family (e.g. `{ standardDSv2Family: 24 }`, `'*'` for every family); default 300 each. */
  coreQuota?: Record<string, number>;
  /**
   * Azure Monitor's throttling of metric queries: a token bucket per subscription for each metrics API, 429 with
   * Retry-After when empty (metrics/throttle.ts: AZURE_READ_LIMITS are Azure's). Default off.
   */
  metricsThrottle?: ThrottleLimits;
  /**
   * Azure Monitor's clock. Default: Azure's, a 60 s grain, ingestion delay 60 s plus up to 120 s of jitter. A shorter
   * `grainSeconds` (a divisor of 60, e.g. 5, or 0.5 in tests) is the accelerated clock for demos and tests: delay
   * and jitter shrink in proportion unless given; the ready line says which clock runs.
   */
  metrics?: {
    grainSeconds?: number;
    ingestionDelayMs?: number;
    ingestionJitterMs?: number;
    mirrored?: MetricsClock['mirrored'];
  };
}

/** How the ready line announces the metrics clock. */
export interface MetricsClockInfo {
  clock: 'azure' | 'accelerated';
  /** ISO 8601: PT1M on Azure's clock. */
  grain: string;
  ingestionDelayMs: number;
  ingestionJitterMs: number;
  /** How mirrored copies show in the metrics (see README.md, "Mirrored requests"). */
  mirrored: 'shadow-deployment' | 'excluded';
}

export interface EmulatorInfo {
  armEndpoint: string;
  caCertPath: string;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  location: string;
  endpoints: { name: string; scoringUri: string; key: string }[];
  adminUrl: string;
  metricsEndpoint: string;
  metrics: MetricsClockInfo;
}

export type ResolvedOptions = Required<
  Omit<EmulatorOptions, 'stateFile' | 'retryAfterSeconds' | 'randomSeed' | 'adminToken' | 'metrics' | 'metricsThrottle'>
> &
  Pick<EmulatorOptions, 'stateFile' | 'retryAfterSeconds' | 'randomSeed' | 'adminToken' | 'metricsThrottle'> & {
    metricsClock: MetricsClock;
  };

export const DEFAULT_SUBSCRIPTION_ID = '3f2b8c1e-6d4a-4e7b-9a1c-5e8f0d2b7a64';

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port: must be an integer 0..65535, got ${port}`);
  const subscriptionId = options.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(subscriptionId)) {
    throw new Error(`subscriptionId: must be a UUID (the metrics clients check it), got ${subscriptionId}`);
  }
  const provisioningMs = options.provisioningMs ?? 1000;
  if (!Number.isFinite(provisioningMs) || provisioningMs < 0)
    throw new Error(`provisioningMs: must be >= 0, got ${provisioningMs}`);
  return {
    ...options,
    port,
    host: options.host ?? '127.0.0.1',
    dataDir: options.dataDir ?? mkdtempSync(join(tmpdir(), 'aml-emulator-')),
    provisioningMs,
    seed: options.seed ?? true,
    traffic: options.traffic ?? false,
    subscriptionId,
    resourceGroup: options.resourceGroup ?? 'emulator-rg',
    workspace: options.workspace ?? 'emulator-ws',
    location: options.location ?? 'eastus',
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    coreQuota: options.coreQuota ?? {},
    metricsClock: resolveMetricsClock(options.metrics),
  };
}

function resolveMetricsClock(metrics: EmulatorOptions['metrics'] = {}): MetricsClock {
  const seconds = metrics.grainSeconds ?? 60;
  const ms = seconds * 1000;
  if (!Number.isInteger(ms) || ms < 100 || ms > 60_000 || 60_000 % ms !== 0) {
    throw new Error(
      `metrics.grainSeconds: must divide 60 into whole milliseconds, at least 0.1 (60 is Azure's grain), got ${seconds}`,
    );
  }
  const base = seconds === 60 ? AZURE_METRICS_CLOCK : acceleratedClock(ms);
  const clock = {
    grainMs: base.grainMs,
    ingestionDelayMs: metrics.ingestionDelayMs ?? base.ingestionDelayMs,
    ingestionJitterMs: metrics.ingestionJitterMs ?? base.ingestionJitterMs,
    mirrored: metrics.mirrored ?? 'shadow-deployment',
  };
  if (!['shadow-deployment', 'excluded'].includes(clock.mirrored)) {
    throw new Error(`metrics.mirrored: must be 'shadow-deployment' or 'excluded', got ${clock.mirrored}`);
  }
  for (const key of ['ingestionDelayMs', 'ingestionJitterMs'] as const) {
    if (!Number.isFinite(clock[key]) || clock[key] < 0) {
      throw new Error(`metrics.${key}: must be >= 0, got ${clock[key]}`);
    }
  }
  return clock;
}

export function metricsClockInfo(clock: MetricsClock): MetricsClockInfo {
  return {
    clock: clock.grainMs === AZURE_METRICS_CLOCK.grainMs ? 'azure' : 'accelerated',
    grain: isoDurationText(clock.grainMs),
    ingestionDelayMs: clock.ingestionDelayMs,
    ingestionJitterMs: clock.ingestionJitterMs,
    mirrored: clock.mirrored ?? 'shadow-deployment',
  };
}
