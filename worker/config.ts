// The worker's configuration from the environment, checked by zod. Empty strings mean unset. On failure it
// prints every problem and exits 1; nothing else in the worker reads process.env.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AzureSettings } from '../activities/azure/clients';
import type { MetricsSettings } from '../activities/metric-samples';

const unset = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(unset, schema.optional());
const required = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(unset, schema);
const withDefault = <T extends z.ZodTypeAny>(schema: T, fallback: string) =>
  z.preprocess((value) => unset(value) ?? fallback, schema);
const text = () => z.string({ error: 'is required' });

const envSchema = z.object({
  TEMPORAL_ADDRESS: withDefault(text().regex(/^[^\s:]+:\d+$/, 'must be host:port'), '127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: withDefault(text().min(1), 'default'),
  TASK_QUEUE: withDefault(text().min(1), 'rollouts'),
  AZURE_SUBSCRIPTION_ID: required(text().uuid('must be a UUID')),
  AZURE_RESOURCE_GROUP: required(text().min(1, 'is required')),
  AZURE_WORKSPACE: required(text().min(1, 'is required')),
  AZURE_LOCATION: optional(text().min(1)),
  AZURE_ARM_ENDPOINT: optional(text().url('must be a URL')),
  AZURE_METRICS_ENDPOINT: optional(text().url('must be a URL')),
  AZURE_CA_CERT_PATH: optional(text().min(1)),
  /** Emulator only: a fixed bearer token instead of DefaultAzureCredential. */
  AZURE_STATIC_TOKEN: optional(text().min(1)),
  WORKFLOW_BUNDLE_PATH: optional(text().min(1)),
  SHUTDOWN_GRACE_TIME: withDefault(text().regex(/^\d+(ms|s|m)$/, "must be a duration like '30s'"), '30s'),
  LOG_LEVEL: withDefault(z.enum(['trace', 'debug', 'info', 'warn', 'error']), 'info'),
  /** Azure Monitor's grain (60s); shorter only against the emulator's accelerated clock, which announces its grain. */
  METRICS_GRAIN: withDefault(text().regex(/^\d+(ms|s)$/, "must be a duration like '60s' (or '500ms' for the tests' clock)"), '60s'),
  /** How long after a grain ends the gates wait before reading it (Azure's ingestion delay); a plan may raise it. */
  METRICS_LAG: withDefault(text().regex(/^\d+(ms|s|m)$/, "must be a duration like '4m' or '40s'"), '4m'),
});

/** Cross-field rules, checked beside the schema so every problem is reported at once. */
function crossFieldProblems(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  if (unset(env.AZURE_METRICS_ENDPOINT) === undefined && unset(env.AZURE_LOCATION) === undefined) {
    out.push('AZURE_METRICS_ENDPOINT: is required when AZURE_LOCATION is not set');
  }
  const grain = /^\d+(ms|s)$/.test(String(unset(env.METRICS_GRAIN) ?? '60s')) ? ms(String(unset(env.METRICS_GRAIN) ?? '60s')) : undefined;
  if (grain !== undefined && (grain < 100 || 60_000 % grain !== 0)) {
    out.push('METRICS_GRAIN: must divide 60s (60s is Azure\'s grain; 10s or 1s only on the emulator\'s accelerated clock)');
  }
  return out;
}

export interface WorkerConfig {
  temporal: { address: string; namespace: string; taskQueue: string };
  azure: AzureSettings;
  workflowBundlePath?: string;
  shutdownGraceTime: string;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  metrics: MetricsSettings;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid worker configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every problem (`NAME: rule`). */
export function parseConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const parsed = envSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  let caCert: string | undefined;
  if (e.AZURE_CA_CERT_PATH) {
    try {
      caCert = readFileSync(e.AZURE_CA_CERT_PATH, 'utf8');
    } catch (error) {
      throw new ConfigError([`AZURE_CA_CERT_PATH: cannot read ${e.AZURE_CA_CERT_PATH} (${(error as Error).message})`]);
    }
  }
  return {
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TASK_QUEUE },
    azure: {
      subscriptionId: e.AZURE_SUBSCRIPTION_ID, resourceGroup: e.AZURE_RESOURCE_GROUP, workspace: e.AZURE_WORKSPACE,
      location: e.AZURE_LOCATION, armEndpoint: e.AZURE_ARM_ENDPOINT, metricsEndpoint: e.AZURE_METRICS_ENDPOINT,
      caCert, staticToken: e.AZURE_STATIC_TOKEN,
    },
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    shutdownGraceTime: e.SHUTDOWN_GRACE_TIME,
    logLevel: e.LOG_LEVEL,
    metrics: { grainMs: ms(e.METRICS_GRAIN), lagMs: ms(e.METRICS_LAG) },
  };
}

function ms(text: string): number {
  const [, n, unit] = /^(\d+)(ms|s|m)$/.exec(text) ?? [];
  return Number(n) * (unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1);
}

/** For main.ts: the parsed configuration, or every problem on stderr and exit code 1. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  try {
    return parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
