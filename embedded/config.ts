// The launcher's settings from the environment. Unset Temporal or Azure settings mean "embedded": a dev server and
// the emulator are started; set them to run against a real Temporal cluster or a real Azure ML workspace.
import { resolve } from 'node:path';
import { z } from 'zod';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  ROLLOUT_DATA_DIR: optional(z.string()).default('data'),
  API_HOST: optional(z.string()).default('127.0.0.1'),
  API_PORT: optional(z.coerce.number().int().min(0).max(65535)).default(8080),
  TEMPORAL_ADDRESS: optional(z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port')),
  TEMPORAL_NAMESPACE: optional(z.string()).default('default'),
  TEMPORAL_PORT: optional(z.coerce.number().int().min(0).max(65535)).default(7233),
  TEMPORAL_UI_PORT: optional(z.coerce.number().int().min(0).max(65535)).default(8233),
  /** Days the embedded dev server keeps closed rollouts (its own default is 1). */
  TEMPORAL_RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(3650)).default(30),
  TASK_QUEUE: optional(z.string()).default('rollouts'),
  AZURE_SUBSCRIPTION_ID: optional(z.string()),
  EMULATOR_PORT: optional(z.coerce.number().int().min(0).max(65535)).default(0),
  /** Live requests per second the emulator sends to heart-ep (0 = none). */
  EMULATOR_RPS: optional(z.coerce.number().min(0).max(1000)).default(20),
  EMULATOR_PROVISIONING_MS: optional(z.coerce.number().int().min(0)).default(1000),
  /**
   * The emulator's metrics grain in seconds: 60 is Azure's clock; the default 5 is the accelerated clock that lets the
   * walkthrough finish in minutes (announced by the emulator; the worker reads the same grain and a lag to match).
   */
  EMULATOR_METRICS_GRAIN_SECONDS: optional(z.coerce.number().positive().max(60)).default(5),
  WORKFLOW_BUNDLE_PATH: optional(z.string()),
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
  emulator: { port: number; rps: number; provisioningMs: number; metricsGrainSeconds: number };
  workflowBundlePath?: string;
}

export function loadLauncherConfig(env: NodeJS.ProcessEnv = process.env): LauncherConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n  ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    dataDir: resolve(e.ROLLOUT_DATA_DIR),
    api: { host: e.API_HOST, port: e.API_PORT },
    temporalAddress: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    devServer: { port: e.TEMPORAL_PORT, uiPort: e.TEMPORAL_UI_PORT, retentionDays: e.TEMPORAL_RETENTION_DAYS },
    taskQueue: e.TASK_QUEUE,
    embeddedAzure: !e.AZURE_SUBSCRIPTION_ID,
    emulator: {
      port: e.EMULATOR_PORT, rps: e.EMULATOR_RPS, provisioningMs: e.EMULATOR_PROVISIONING_MS,
      metricsGrainSeconds: e.EMULATOR_METRICS_GRAIN_SECONDS,
    },
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
  };
}
