// Where the CLI finds the API and its token: ROLLOUT_API_URL and ROLLOUT_TOKEN win over the file `rollout login`
// writes ($XDG_CONFIG_HOME/rollout/config.json, else ~/.config/rollout/config.json), which only its owner can read.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { EXIT } from './exit-codes';
import { CliError } from './errors';

export interface CliConfig {
  apiUrl: string;
  token: string;
}

type Env = Record<string, string | undefined>;

export function configPath(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'rollout', 'config.json');
}

export function readConfigFile(path: string): Partial<CliConfig> {
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CliConfig>;
    return { apiUrl: parsed.apiUrl || undefined, token: parsed.token || undefined };
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}; run 'rollout login' again`, EXIT.usage);
  }
}

/** Written with mode 0600 (and its folder 0700), also when the file existed with wider permissions. */
export function writeConfigFile(path: string, config: CliConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function loadConfig(env: Env = process.env): CliConfig {
  const file = readConfigFile(configPath(env));
  const apiUrl = env.ROLLOUT_API_URL || file.apiUrl;
  const token = env.ROLLOUT_TOKEN || file.token;
  if (!apiUrl || !token) {
    throw new CliError(
      `no ${apiUrl ? 'token' : 'API URL'}: run 'rollout login' or set ROLLOUT_API_URL and ROLLOUT_TOKEN`,
      EXIT.usage,
    );
  }
  return { apiUrl: apiUrl.replace(/\/+$/, ''), token };
}
