// The API process's settings from the environment, checked by zod (empty string means unset). On failure it prints
// every problem and exits 1; nothing else in the API reads process.env.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { integer, isSet, optional, port, text, withDefault } from '../domain/config-env';
import { ConfigError, parseEnv, parseOrExit, type Env } from '../domain/config-env';
import { ROLES } from './roles';
import { NOTIFY_ALLOWLIST, splitAllowlist } from '../domain/outbound-address';
import {
  temporalEnvFields,
  temporalProblems,
  temporalSettings,
  type TemporalSettings,
} from '../domain/temporal-settings';
import { tracingEnvFields, tracingSettings, type TracingSettings } from '../domain/tracing-settings';

export { ConfigError } from '../domain/config-env';

export const tokenEntrySchema = z
  .object({
    name: z.string().min(1),
    role: z.enum(ROLES),
    /** Hex SHA-256 of the bearer token; the token itself is never stored. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters'),
  })
  .strict();
export type TokenEntry = z.infer<typeof tokenEntrySchema>;

/** The dashboard's "Sign in with Microsoft" link, and where the identity platform sends the browser back. */
export const ENTRA_START_PATH = '/ui/auth/entra';
export const ENTRA_CALLBACK_PATH = `${ENTRA_START_PATH}/callback`;

const pathOf = (uri: string) => URL.canParse(uri) && new URL(uri).pathname;

const envSchema = z.object({
  API_HOST: withDefault(text().min(1), '127.0.0.1'),
  API_PORT: withDefault(port(), '8080'),
  ...temporalEnvFields,
  ...tracingEnvFields,
  AZURE_SUBSCRIPTION_ID: optional(text()),
  AZURE_RESOURCE_GROUP: optional(text()),
  AZURE_WORKSPACE: optional(text()),
  API_TOKENS: optional(text()),
  API_TOKENS_FILE: optional(text()),
  ENTRA_ISSUER: optional(text().url('must be a URL')),
  ENTRA_AUDIENCE: optional(text()),
  ENTRA_JWKS_URL: optional(text().url('must be a URL')),
  ENTRA_ROLES_CLAIM: withDefault(text().min(1), 'roles'),
  /** The dashboard's "Sign in with Microsoft" (OpenID Connect); the first three together or none. */
  ENTRA_TENANT_ID: optional(
    text()
      .regex(/^[\w.-]+$/, 'must be a tenant (directory) id or domain')
      // The app roles live in one tenant; the multi-tenant aliases have no fixed issuer to check the ID token against.
      .refine((t) => !['common', 'organizations', 'consumers'].includes(t.toLowerCase()), 'must name one tenant'),
  ),
  ENTRA_CLIENT_ID: optional(text()),
  ENTRA_REDIRECT_URI: optional(
    text()
      .url('must be a URL')
      .refine((uri) => pathOf(uri) === ENTRA_CALLBACK_PATH, `must end in ${ENTRA_CALLBACK_PATH}`),
  ),
  ENTRA_CLIENT_SECRET: optional(text()),
  ENTRA_AUTHORITY: withDefault(text().url('must be a URL'), 'https://login.microsoftonline.com'),
  ALERT_WEBHOOK_SECRET: optional(text().min(16, 'must be at least 16 characters')),
  API_BODY_LIMIT: withDefault(text().regex(/^\d+(b|kb|mb)$/i, "must be like '256kb' or '1mb'"), '256kb'),
  UPDATE_TIMEOUT_MS: withDefault(integer(100), '10000'),
  /** How long the scraped rollout gauges of /metrics are reused. */
  METRICS_CACHE_MS: withDefault(integer(0), '10000'),
  REQUIRE_DISTINCT_APPROVER: withDefault(z.enum(['true', 'false']), 'false'),
  /** Per caller and API instance, per minute: dry runs (each reads Azure) and writes (starts, controls, schedules). */
  RATE_LIMIT_DRY_RUNS: withDefault(integer(1), '30'),
  RATE_LIMIT_WRITES: withDefault(integer(1), '120'),
  /** Open event streams per caller, and in all, per API instance. */
  SSE_MAX_PER_CALLER: withDefault(integer(1), '10'),
  SSE_MAX_TOTAL: withDefault(integer(1), '500'),
  /** Signs the dashboard's session cookies; give every API instance the same key. Random per process when unset. */
  UI_SESSION_KEY: optional(text().min(32, 'must be at least 32 characters')),
  /** The Temporal UI's base URL; the dashboard links each rollout to its workflow page there. */
  TEMPORAL_UI_URL: optional(text().url('must be a URL')),
  /** Admin records (channels, windows) and the audit log; the API and the worker must share it. */
  ROLLOUT_STORE_DIR: withDefault(text().min(1), 'data/store'),
  /** Outbound allowlist beside the admin's: comma-separated CIDRs, addresses or host names a channel may reach. */
  NOTIFY_ALLOWLIST: optional(text().regex(NOTIFY_ALLOWLIST, 'must be comma-separated CIDRs, addresses or host names')),
  LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
});

export interface RequestLimits {
  dryRunsPerMinute: number;
  writesPerMinute: number;
  streamsPerCaller: number;
  streamsTotal: number;
}

export interface EntraConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
  rolesClaim: string;
}

export interface EntraSignInConfig {
  /** `<authority>/<tenant>/v2.0/.well-known/openid-configuration` */
  discoveryUrl: string;
  clientId: string;
  redirectUri: string;
  /** Only for a confidential client (a Web platform registration); PKCE protects the code either way. */
  clientSecret?: string;
  rolesClaim: string;
}

export interface ApiConfig {
  host: string;
  port: number;
  temporal: TemporalSettings;
  /** OpenTelemetry export; off when undefined. */
  tracing?: TracingSettings;
  /** Fills a plan's subscriptionId / resourceGroup / workspace when it leaves them out. */
  defaults: { subscriptionId?: string; resourceGroup?: string; workspace?: string };
  tokens: TokenEntry[];
  entra?: EntraConfig;
  alertSecret?: string;
  bodyLimit: string;
  updateTimeoutMs: number;
  metricsCacheMs: number;
  /** The two-person rule at every approval gate, whatever a plan's `requireDistinctApprover` says. */
  requireDistinctApprover: boolean;
  limits: RequestLimits;
  logLevel: string;
  /** The store directory shared with the worker (absolute). */
  storeDir: string;
  /** Configured outbound allowlist entries for notification channels (NOTIFY_ALLOWLIST). */
  notifyAllowlist: string[];
  ui: { sessionKey?: string; temporalUiUrl?: string; entra?: EntraSignInConfig };
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

/** Tokens from API_TOKENS and API_TOKENS_FILE; their problems go to `problems`. */
function readTokens(env: Env, problems: string[]): TokenEntry[] {
  const tokens = isSet(env.API_TOKENS) ? parseTokens(env.API_TOKENS, 'API_TOKENS', problems) : [];
  if (isSet(env.API_TOKENS_FILE)) {
    try {
      tokens.push(...parseTokens(readFileSync(env.API_TOKENS_FILE, 'utf8'), 'API_TOKENS_FILE', problems));
    } catch (error) {
      problems.push(`API_TOKENS_FILE: cannot read ${env.API_TOKENS_FILE} (${(error as Error).message})`);
    }
  }
  return tokens;
}

function entraProblems(env: Env): string[] {
  const allOrNone = ([a, b, c]: [string, string, string]) => {
    const set = [a, b, c].filter((name) => isSet(env[name])).length;
    return set === 0 || set === 3 ? [] : [`${a}, ${b} and ${c}: set all three or none`];
  };
  return [
    ...allOrNone(['ENTRA_ISSUER', 'ENTRA_AUDIENCE', 'ENTRA_JWKS_URL']),
    ...allOrNone(['ENTRA_TENANT_ID', 'ENTRA_CLIENT_ID', 'ENTRA_REDIRECT_URI']),
  ];
}

/** Parses the environment; throws ConfigError listing every problem (`NAME: rule`). */
export function parseConfig(env: Env): ApiConfig {
  const problems = [...entraProblems(env), ...temporalProblems(env)];
  const tokens = readTokens(env, problems);
  const e = parseEnv('api', envSchema, env, problems);
  const temporal = temporalSettings(e, (path) => readFileSync(path), problems);
  if (problems.length > 0) throw new ConfigError('api', problems);
  const entra =
    e.ENTRA_ISSUER && e.ENTRA_AUDIENCE && e.ENTRA_JWKS_URL
      ? {
          issuer: e.ENTRA_ISSUER,
          audience: e.ENTRA_AUDIENCE,
          jwksUrl: e.ENTRA_JWKS_URL,
          rolesClaim: e.ENTRA_ROLES_CLAIM,
        }
      : undefined;
  const authority = e.ENTRA_AUTHORITY.replace(/\/+$/, '');
  const entraSignIn =
    e.ENTRA_TENANT_ID && e.ENTRA_CLIENT_ID && e.ENTRA_REDIRECT_URI
      ? {
          discoveryUrl: new URL(`${e.ENTRA_TENANT_ID}/v2.0/.well-known/openid-configuration`, `${authority}/`).href,
          clientId: e.ENTRA_CLIENT_ID,
          redirectUri: e.ENTRA_REDIRECT_URI,
          clientSecret: e.ENTRA_CLIENT_SECRET,
          rolesClaim: e.ENTRA_ROLES_CLAIM,
        }
      : undefined;
  return {
    host: e.API_HOST,
    port: e.API_PORT,
    temporal,
    tracing: tracingSettings(e, 'rollout-api'),
    defaults: {
      subscriptionId: e.AZURE_SUBSCRIPTION_ID,
      resourceGroup: e.AZURE_RESOURCE_GROUP,
      workspace: e.AZURE_WORKSPACE,
    },
    tokens,
    entra,
    alertSecret: e.ALERT_WEBHOOK_SECRET,
    bodyLimit: e.API_BODY_LIMIT,
    updateTimeoutMs: e.UPDATE_TIMEOUT_MS,
    metricsCacheMs: e.METRICS_CACHE_MS,
    requireDistinctApprover: e.REQUIRE_DISTINCT_APPROVER === 'true',
    limits: {
      dryRunsPerMinute: e.RATE_LIMIT_DRY_RUNS,
      writesPerMinute: e.RATE_LIMIT_WRITES,
      streamsPerCaller: e.SSE_MAX_PER_CALLER,
      streamsTotal: e.SSE_MAX_TOTAL,
    },
    logLevel: e.LOG_LEVEL,
    storeDir: resolve(e.ROLLOUT_STORE_DIR),
    notifyAllowlist: splitAllowlist(e.NOTIFY_ALLOWLIST),
    ui: { sessionKey: e.UI_SESSION_KEY, temporalUiUrl: e.TEMPORAL_UI_URL?.replace(/\/+$/, ''), entra: entraSignIn },
  };
}

/** For main.ts: the parsed configuration, or every problem on stderr and exit code 1. */
export function loadConfig(env: Env = process.env): ApiConfig {
  return parseOrExit(parseConfig, env, process);
}
