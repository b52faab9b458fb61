// The one way a process reads its settings from the environment (each process's config.ts): zod with coercion,
// empty strings mean unset, and every problem reported at once as `NAME: rule`. Pure: the environment is an argument.
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

const unset = (value: unknown) => (value === '' ? undefined : value);
export const isSet = (value: string | undefined): value is string => unset(value) !== undefined;

export const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(unset, schema.optional());
export const required = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(unset, schema);
export const withDefault = <T extends z.ZodTypeAny>(schema: T, fallback: string) =>
  z.preprocess((value) => unset(value) ?? fallback, schema);
export const text = () => z.string({ error: 'is required' });
export const number = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number({ error: 'must be a number' }).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
export const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => number(min, max).int('must be an integer');
export const port = () => integer(0, 65535);
export const hostPort = () => text().regex(/^[^\s:]+:\d+$/, 'must be host:port');

export class ConfigError extends Error {
  constructor(
    readonly processName: string,
    readonly problems: string[],
  ) {
    super(`invalid ${processName} configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The schema's output, or a ConfigError with the schema's problems and the caller's (cross-field, files) together. */
export function parseEnv<S extends z.ZodTypeAny>(
  processName: string,
  schema: S,
  env: Env,
  otherProblems: string[] = [],
): z.output<S> {
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...otherProblems,
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(processName, problems);
  return parsed.data;
}

export interface ExitingProcess {
  stderr: { write(text: string): unknown };
  exit(code: number): never;
}

/** For a process's loadConfig: the parsed configuration, or every problem on stderr and exit code 1. */
export function parseOrExit<T>(parse: (env: Env) => T, env: Env, proc: ExitingProcess): T {
  try {
    return parse(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    proc.stderr.write(`${error.message}\n`);
    return proc.exit(1);
  }
}
