// How the worker and the API reach a Temporal cluster: address, namespace, task queue, TLS or mTLS, an API key
// (Temporal Cloud). The variable names are the Temporal SDKs' environment configuration names, so a profile that
// works for the `temporal` CLI works here. Pure: the caller passes the file reader.
import { z } from 'zod';
import { hostPort, isSet, optional, text, withDefault, type Env } from './config-env';

/** The environment fields, spread into each process's schema. */
export const temporalEnvFields = {
  TEMPORAL_ADDRESS: withDefault(hostPort(), '127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: withDefault(text().min(1), 'default'),
  TASK_QUEUE: withDefault(text().min(1), 'rollouts'),
  /** Temporal Cloud API key; implies TLS. */
  TEMPORAL_API_KEY: optional(text().min(1)),
  /** 'true' for TLS with the system's trust store; implied by an API key or any TLS file. */
  TEMPORAL_TLS: optional(z.enum(['true', 'false'], { error: "must be 'true' or 'false'" })),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optional(text().min(1)),
  TEMPORAL_TLS_SERVER_NAME: optional(text().min(1)),
  /** mTLS: the client certificate and its key, both or neither. */
  TEMPORAL_TLS_CLIENT_CERT_PATH: optional(text().min(1)),
  TEMPORAL_TLS_CLIENT_KEY_PATH: optional(text().min(1)),
};

type TemporalEnv = z.output<z.ZodObject<typeof temporalEnvFields>>;

export interface TemporalTls {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  /** Absent: plain gRPC (the dev server). */
  tls?: TemporalTls;
}

const TLS_FILES = ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH'];

/** Cross-field rules, reported beside the schema's problems. */
export function temporalProblems(env: Env): string[] {
  const out: string[] = [];
  const [cert, key] = [env.TEMPORAL_TLS_CLIENT_CERT_PATH, env.TEMPORAL_TLS_CLIENT_KEY_PATH].map(isSet);
  if (cert !== key)
    out.push('TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH: set both (mTLS) or neither');
  const tlsNeeded = isSet(env.TEMPORAL_API_KEY) || TLS_FILES.some((name) => isSet(env[name]));
  if (env.TEMPORAL_TLS === 'false' && tlsNeeded) {
    out.push("TEMPORAL_TLS: cannot be 'false' with TEMPORAL_API_KEY or a TEMPORAL_TLS_*_PATH file (they need TLS)");
  }
  return out;
}

/** The settings from parsed fields, reading the TLS files; an unreadable file is a problem naming its variable. */
export function temporalSettings(
  e: TemporalEnv,
  readFile: (path: string) => Buffer,
  problems: string[],
): TemporalSettings {
  const read = (name: keyof TemporalEnv): Buffer | undefined => {
    const path = e[name];
    if (!path) return undefined;
    try {
      return readFile(path);
    } catch (error) {
      problems.push(`${name}: cannot read ${path} (${(error as Error).message})`);
      return undefined;
    }
  };
  const ca = read('TEMPORAL_TLS_SERVER_CA_CERT_PATH');
  const crt = read('TEMPORAL_TLS_CLIENT_CERT_PATH');
  const key = read('TEMPORAL_TLS_CLIENT_KEY_PATH');
  const useTls = e.TEMPORAL_TLS === 'true' || Boolean(e.TEMPORAL_API_KEY || ca || crt || e.TEMPORAL_TLS_SERVER_NAME);
  const tls: TemporalTls | undefined = useTls
    ? {
        ...(e.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: e.TEMPORAL_TLS_SERVER_NAME } : {}),
        ...(ca ? { serverRootCACertificate: ca } : {}),
        ...(crt && key ? { clientCertPair: { crt, key } } : {}),
      }
    : undefined;
  return {
    address: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TASK_QUEUE,
    ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}),
    ...(tls ? { tls } : {}),
  };
}

/** Options for `Connection.connect` and `NativeConnection.connect` (same shape in both SDK packages). */
export function connectionOptions(s: TemporalSettings): { address: string; tls?: TemporalTls; apiKey?: string } {
  return { address: s.address, ...(s.tls ? { tls: s.tls } : {}), ...(s.apiKey ? { apiKey: s.apiKey } : {}) };
}

/** For start-up logs: what the connection uses, never the key or file contents. */
export function describeTemporal(s: TemporalSettings): Record<string, unknown> {
  const tls = !s.tls ? 'off' : s.tls.clientCertPair ? 'mtls' : 'on';
  return { address: s.address, namespace: s.namespace, taskQueue: s.taskQueue, tls, apiKey: Boolean(s.apiKey) };
}
