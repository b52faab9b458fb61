// The worker's configuration from the environment, checked by zod. Empty strings mean unset. On failure it
// prints every problem and exits 1; nothing else in the worker reads process.env.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { AzureSettings } from '../activities/azure/clients';
import { hostPort, integer, isSet, optional, required, text, withDefault } from '../domain/config-env';
import { ConfigError, parseEnv, parseOrExit, type Env } from '../domain/config-env';
import { durationMs } from '../domain/duration';
import { NOTIFY_ALLOWLIST, splitAllowlist } from '../domain/outbound-address';
import type { MetricsSettings } from '../activities/metric-samples';
import {
  temporalEnvFields,
  temporalProblems,
  temporalSettings,
  type TemporalSettings,
} from '../domain/temporal-settings';
import { tracingEnvFields, tracingSettings, type TracingSettings } from '../domain/tracing-settings';
import { metricsBatchWindowMs, tuningEnvFields, workerTuning, type WorkerTuning } from './tuning';

export { ConfigError } from '../domain/config-env';

const envSchema = z.object({
  ...temporalEnvFields,
  ...tracingEnvFields,
  ...tuningEnvFields,
  AZURE_SUBSCRIPTION_ID: required(text().uuid('must be a UUID')),
  AZURE_RESOURCE_GROUP: required(text().min(1, 'is required')),
  AZURE_WORKSPACE: required(text().min(1, 'is required')),
  AZURE_LOCATION: optional(text().min(1)),
  AZURE_ARM_ENDPOINT: optional(text().url('must be a URL')),
  AZURE_METRICS_ENDPOINT: optional(text().url('must be a URL')),
  AZURE_CA_CERT_PATH: optional(text().min(1)),
  /** Emulator only: a fixed bearer token instead of DefaultAzureCredential. */
  AZURE_STATIC_TOKEN: optional(text().min(1)),
  /** Poll interval of Azure long-running operations (the activity's own loop: Azure's Retry-After is not read); default 2000. */
  AZURE_LRO_POLL_INTERVAL_MS: optional(integer(1)),
  /** Poll interval of traffic changes (every rollback's path); default 500, never more than the one above. */
  AZURE_TRAFFIC_POLL_INTERVAL_MS: optional(integer(1)),
  /** Retries inside the Azure SDK pipeline before an error reaches the activity; default the SDK's (3). */
  AZURE_SDK_MAX_RETRIES: optional(integer(0, 10)),
  /** Timeout of one validation scoring request; default 20000. */
  SCORING_TIMEOUT_MS: optional(integer(1)),
  /** Validation inputs in flight at once (each goes to both deployments); default 1. */
  SCORING_CONCURRENCY: optional(integer(1, 64)),
  WORKFLOW_BUNDLE_PATH: optional(text().min(1)),
  SHUTDOWN_GRACE_TIME: withDefault(text().regex(/^\d+(ms|s|m)$/, "must be a duration like '30s'"), '30s'),
  /** Admin records (channels, windows) and the audit log; the API and the worker must share it. */
  ROLLOUT_STORE_DIR: withDefault(text().min(1), 'data/store'),
  /** Notification links: the dashboard's and the Temporal UI's base URLs (a message links a rollout to both). */
  DASHBOARD_URL: optional(text().url('must be a URL')),
  TEMPORAL_UI_URL: optional(text().url('must be a URL')),
  /** Outbound allowlist beside the admin's: comma-separated CIDRs, addresses or host names a channel may reach. */
  NOTIFY_ALLOWLIST: optional(text().regex(NOTIFY_ALLOWLIST, 'must be comma-separated CIDRs, addresses or host names')),
  LOG_LEVEL: withDefault(z.enum(['trace', 'debug', 'info', 'warn', 'error']), 'info'),
  /** host:port for the Temporal SDK's Prometheus exporter (`/metrics`); off when unset. */
  WORKER_METRICS_ADDRESS: optional(hostPort()),
  /** Azure Monitor's grain (60s); shorter only against the emulator's accelerated clock, which announces its grain. */
  METRICS_GRAIN: withDefault(
    text().regex(/^\d+(ms|s)$/, "must be a duration like '60s' (or '500ms' for the tests' clock)"),
    '60s',
  ),
  /** How long after a grain ends the gates wait before reading it (Azure's ingestion delay); a plan may raise it. */
  METRICS_LAG: withDefault(text().regex(/^\d+(ms|s|m)$/, "must be a duration like '4m' or '40s'"), '4m'),
});

/** Cross-field rules, checked beside the schema so every problem is reported at once. */
function crossFieldProblems(env: Env): string[] {
  const out = temporalProblems(env);
  if (!isSet(env.AZURE_METRICS_ENDPOINT) && !isSet(env.AZURE_LOCATION)) {
    out.push('AZURE_METRICS_ENDPOINT: is required when AZURE_LOCATION is not set');
  }
  const grainText = isSet(env.METRICS_GRAIN) ? env.METRICS_GRAIN : '60s';
  const grain = /^\d+(ms|s)$/.test(grainText) ? durationMs(grainText) : undefined;
  if (grain !== undefined && (grain < 100 || 60_000 % grain !== 0)) {
    out.push(
      "METRICS_GRAIN: must divide 60s (60s is Azure's grain; 10s or 1s only on the emulator's accelerated clock)",
    );
  }
  return out;
}

export interface WorkerConfig {
  temporal: TemporalSettings;
  azure: AzureSettings;
  workflowBundlePath?: string;
  shutdownGraceTime: string;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** The store directory shared with the API (absolute). */
  storeDir: string;
  notifications: { allowlist: string[]; dashboardUrl?: string; temporalUiUrl?: string };
  metrics: MetricsSettings;
  /** Where the worker serves its Prometheus metrics, if anywhere. */
  prometheusAddress?: string;
  /** OpenTelemetry export; off when undefined. */
  tracing?: TracingSettings;
  /** Sticky cache and task slots (worker/tuning.ts). */
  tuning: WorkerTuning;
}

/** Parses the environment; throws ConfigError listing every problem (`NAME: rule`). */
export function parseConfig(env: Env): WorkerConfig {
  const e = parseEnv('worker', envSchema, env, crossFieldProblems(env));
  const fileProblems: string[] = [];
  let caCert: string | undefined;
  if (e.AZURE_CA_CERT_PATH) {
    try {
      caCert = readFileSync(e.AZURE_CA_CERT_PATH, 'utf8');
    } catch (error) {
      fileProblems.push(`AZURE_CA_CERT_PATH: cannot read ${e.AZURE_CA_CERT_PATH} (${(error as Error).message})`);
    }
  }
  const temporal = temporalSettings(e, (path) => readFileSync(path), fileProblems);
  const metrics = { grainMs: durationMs(e.METRICS_GRAIN), lagMs: durationMs(e.METRICS_LAG) };
  if (fileProblems.length > 0) throw new ConfigError('worker', fileProblems);
  return {
    temporal,
    azure: {
      subscriptionId: e.AZURE_SUBSCRIPTION_ID,
      resourceGroup: e.AZURE_RESOURCE_GROUP,
      workspace: e.AZURE_WORKSPACE,
      location: e.AZURE_LOCATION,
      armEndpoint: e.AZURE_ARM_ENDPOINT,
      metricsEndpoint: e.AZURE_METRICS_ENDPOINT,
      caCert,
      staticToken: e.AZURE_STATIC_TOKEN,
      lroPollIntervalMs: e.AZURE_LRO_POLL_INTERVAL_MS,
      trafficPollIntervalMs: e.AZURE_TRAFFIC_POLL_INTERVAL_MS,
      sdkMaxRetries: e.AZURE_SDK_MAX_RETRIES,
      scoringTimeoutMs: e.SCORING_TIMEOUT_MS,
      scoringConcurrency: e.SCORING_CONCURRENCY,
      metricsBatchWindowMs: metricsBatchWindowMs(e, metrics.grainMs),
    },
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    shutdownGraceTime: e.SHUTDOWN_GRACE_TIME,
    logLevel: e.LOG_LEVEL,
    storeDir: resolve(e.ROLLOUT_STORE_DIR),
    notifications: {
      allowlist: splitAllowlist(e.NOTIFY_ALLOWLIST),
      dashboardUrl: e.DASHBOARD_URL?.replace(/\/+$/, ''),
      temporalUiUrl: e.TEMPORAL_UI_URL?.replace(/\/+$/, ''),
    },
    metrics,
    prometheusAddress: e.WORKER_METRICS_ADDRESS,
    tracing: tracingSettings(e, 'rollout-worker'),
    tuning: workerTuning(e),
  };
}

/** For main.ts: the parsed configuration, or every problem on stderr and exit code 1. */
export function loadConfig(env: Env = process.env): WorkerConfig {
  return parseOrExit(parseConfig, env, process);
}
