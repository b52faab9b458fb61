// The API process's settings, read once from the environment and checked (empty string means unset).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ROLES } from './roles';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const tokenEntrySchema = z
  .object({
    name: z.string().min(1),
    role: z.enum(ROLES),
    /** Hex SHA-256 of the bearer token; the token itself is never stored. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters'),
  })
  .strict();
export type TokenEntry = z.infer<typeof tokenEntrySchema>;

const envSchema = z.object({
  API_HOST: optional(z.string()).default('127.0.0.1'),
  API_PORT: optional(z.coerce.number().int().min(0).max(65535)).default(8080),
  TEMPORAL_ADDRESS: optional(z.string()).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: optional(z.string()).default('default'),
  TASK_QUEUE: optional(z.string()).default('rollouts'),
  AZURE_SUBSCRIPTION_ID: optional(z.string()),
  AZURE_RESOURCE_GROUP: optional(z.string()),
  AZURE_WORKSPACE: optional(z.string()),
  API_TOKENS: optional(z.string()),
  API_TOKENS_FILE: optional(z.string()),
  ENTRA_ISSUER: optional(z.string().url()),
  ENTRA_AUDIENCE: optional(z.string()),
  ENTRA_JWKS_URL: optional(z.string().url()),
  ENTRA_ROLES_CLAIM: optional(z.string()).default('roles'),
  ALERT_WEBHOOK_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  API_BODY_LIMIT: optional(z.string().regex(/^\d+(b|kb|mb)$/i, "must be like '256kb' or '1mb'")).default('256kb'),
  UPDATE_TIMEOUT_MS: optional(z.coerce.number().int().min(100)).default(10_000),
  REQUIRE_DISTINCT_APPROVER: optional(z.enum(['true', 'false'])).default('false'),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),
});

export interface EntraConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
  rolesClaim: string;
}

export interface ApiConfig {
  host: string;
  port: number;
  temporal: { address: string; namespace: string; taskQueue: string };
  /** Fills a plan's subscriptionId / resourceGroup / workspace when it leaves them out. */
  defaults: { subscriptionId?: string; resourceGroup?: string; workspace?: string };
  tokens: TokenEntry[];
  entra?: EntraConfig;
  alertSecret?: string;
  bodyLimit: string;
  updateTimeoutMs: number;
  /** The two-person rule at every approval gate, whatever a plan's `requireDistinctApprover` says. */
  requireDistinctApprover: boolean;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

function parseTokens(text: string, source: string, problems: string[]): TokenEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push(`${source}: not valid JSON (${(error as Error).message})`);
    return [];
  }
  const parsed = z.array(tokenEntrySchema).safeParse(json);
  if (parsed.success) return parsed.data;
  problems.push(...parsed.error.issues.map((i) => `${source}[${i.path.join('.')}]: ${i.message}`));
  return [];
}

function readTokens(env: z.infer<typeof envSchema>, problems: string[]): TokenEntry[] {
  const tokens = env.API_TOKENS ? parseTokens(env.API_TOKENS, 'API_TOKENS', problems) : [];
  if (env.API_TOKENS_FILE) {
    try {
      tokens.push(...parseTokens(readFileSync(env.API_TOKENS_FILE, 'utf8'), 'API_TOKENS_FILE', problems));
    } catch (error) {
      problems.push(`API_TOKENS_FILE: cannot read ${env.API_TOKENS_FILE} (${(error as Error).message})`);
    }
  }
  return tokens;
}

function readEntra(env: z.infer<typeof envSchema>, problems: string[]): EntraConfig | undefined {
  const set = [env.ENTRA_ISSUER, env.ENTRA_AUDIENCE, env.ENTRA_JWKS_URL].filter(Boolean).length;
  if (set === 0) return undefined;
  if (set < 3) {
    problems.push('ENTRA_ISSUER, ENTRA_AUDIENCE and ENTRA_JWKS_URL: set all three or none');
    return undefined;
  }
  return { issuer: env.ENTRA_ISSUER!, audience: env.ENTRA_AUDIENCE!, jwksUrl: env.ENTRA_JWKS_URL!, rolesClaim: env.ENTRA_ROLES_CLAIM };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  const problems: string[] = [];
  const tokens = readTokens(e, problems);
  const entra = readEntra(e, problems);
  if (problems.length) throw new ConfigError(problems);
  return {
    host: e.API_HOST,
    port: e.API_PORT,
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TASK_QUEUE },
    defaults: { subscriptionId: e.AZURE_SUBSCRIPTION_ID, resourceGroup: e.AZURE_RESOURCE_GROUP, workspace: e.AZURE_WORKSPACE },
    tokens,
    entra,
    alertSecret: e.ALERT_WEBHOOK_SECRET,
    bodyLimit: e.API_BODY_LIMIT,
    updateTimeoutMs: e.UPDATE_TIMEOUT_MS,
    requireDistinctApprover: e.REQUIRE_DISTINCT_APPROVER === 'true',
    logLevel: e.LOG_LEVEL,
  };
}
