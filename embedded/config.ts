// The launcher's settings from the environment, checked by zod (empty string means unset); on failure it prints every
// problem and exits 1. Unset Temporal or Azure settings mean "embedded": a dev server and the emulator are started;
// set them to run against a real Temporal cluster or a real Azure ML workspace. Nothing else in the launcher reads
// process.env: the children inherit `env`.
import { resolve } from 'node:path';
import { z } from 'zod';
import { hostPort, integer, number, optional, port, text, withDefault } from '../domain/config-env';
import { parseEnv, parseOrExit, type Env } from '../domain/config-env';

const envSchema = z.object({
  ROLLOUT_DATA_DIR: withDefault(text().min(1), 'data'),
  API_HOST: withDefault(text().min(1), '127.0.0.1'),
  API_PORT: withDefault(port(), '8080'),
  TEMPORAL_ADDRESS: optional(hostPort()),
  TEMPORAL_NAMESPACE: withDefault(text().min(1), 'default'),
  TEMPORAL_PORT: withDefault(port(), '7233'),
  TEMPORAL_UI_PORT: withDefault(port(), '8233'),
  /** Days the embedded dev server keeps closed rollouts (its own default is 1). */
  TEMPORAL_RETENTION_DAYS: withDefault(integer(1, 3650), '30'),
  TASK_QUEUE: withDefault(text().min(1), 'rollouts'),
  AZURE_SUBSCRIPTION_ID: optional(text()),
  /** Unset: the demo tokens and secret from the data folder (the API checks them). */
  API_TOKENS: optional(text()),
  ALERT_WEBHOOK_SECRET: optional(text()),
  EMULATOR_PORT: withDefault(port(), '0'),
  /** Live requests per second the emulator sends to each endpoint with live traffic (0 = none). */
  EMULATOR_RPS: withDefault(number(0, 1000), '20'),
  /** The endpoint the emulator's live traffic goes to; `*` (default) is every endpoint with live traffic. */
  EMULATOR_TRAFFIC_ENDPOINT: withDefault(text().min(1), '*'),
  EMULATOR_PROVISIONING_MS: withDefault(integer(0), '1000'),
  /** The emulated subscription's vCPU quota per VM family (unset: the emulator's default, 300). */
  EMULATOR_CORE_QUOTA: optional(integer(1)),
  WORKFLOW_BUNDLE_PATH: optional(text()),
  /**
   * The emulator's metrics grain in seconds: 60 is Azure's clock; the default 5 is the accelerated clock that lets the
   * walkthrough finish in minutes (announced by the emulator; the worker reads the same grain and a lag to match).
   */
  EMULATOR_METRICS_GRAIN_SECONDS: withDefault(number(0.001, 60), '5'),
  /** Azure Monitor's throttling in the emulator: 'on' (Azure's limits), 'off', or BUCKET/REFILL_PER_SECOND. */
  EMULATOR_METRICS_THROTTLE: withDefault(
    text().regex(/^(on|off|\d+\/\d+(\.\d+)?)$/, "must be 'on', 'off' or like '5/1'"),
    'off',
  ),
});

export interface LauncherConfig {
  dataDir: string;
  api: { host: string; port: number };
  /** Undefined: start the embedded dev server. */
  temporalAddress?: string;
  namespace: string;
  devServer: { port: number; uiPort: number; retentionDays: number };
  taskQueue: string;
  /** False when AZURE_SUBSCRIPTION_ID points the worker at a real workspace. */
  embeddedAzure: boolean;
  /** Set: used instead of the demo credentials. */
  apiTokens?: string;
  alertSecret?: string;
  emulator: {
    port: number;
    rps: number;
    trafficEndpoint: string;
    provisioningMs: number;
    metricsGrainSeconds: number;
    metricsThrottle: string;
    coreQuota?: number;
  };
  workflowBundlePath?: string;
  /** The environment the children (emulator, worker) and the API's config start from. */
  env: Env;
}

/** Parses the environment; throws ConfigError listing every problem (`NAME: rule`). */
export function parseConfig(env: Env): LauncherConfig {
  const e = parseEnv('launcher', envSchema, env);
  return {
    dataDir: resolve(e.ROLLOUT_DATA_DIR),
    api: { host: e.API_HOST, port: e.API_PORT },
    temporalAddress: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    devServer: { port: e.TEMPORAL_PORT, uiPort: e.TEMPORAL_UI_PORT, retentionDays: e.TEMPORAL_RETENTION_DAYS },
    taskQueue: e.TASK_QUEUE,
    embeddedAzure: !e.AZURE_SUBSCRIPTION_ID,
    apiTokens: e.API_TOKENS,
    alertSecret: e.ALERT_WEBHOOK_SECRET,
    emulator: {
      port: e.EMULATOR_PORT,
      rps: e.EMULATOR_RPS,
      trafficEndpoint: e.EMULATOR_TRAFFIC_ENDPOINT,
      provisioningMs: e.EMULATOR_PROVISIONING_MS,
      metricsGrainSeconds: e.EMULATOR_METRICS_GRAIN_SECONDS,
      metricsThrottle: e.EMULATOR_METRICS_THROTTLE,
      ...(e.EMULATOR_CORE_QUOTA !== undefined ? { coreQuota: e.EMULATOR_CORE_QUOTA } : {}),
    },
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    env,
  };
}

/** For main.ts: the parsed configuration, or every problem on stderr and exit code 1. */
export function loadConfig(env: Env = process.env): LauncherConfig {
  return parseOrExit(parseConfig, env, process);
}
