// What the commands share: the client from the configuration, plan files, durations, the --wait-for options and
// the exit code of a rollout waited for.
import { Option } from 'commander';
import { parse } from 'yaml';
import { ROLLOUT_STATES } from '../../domain/status';
import { ApiClient } from '../client';
import { loadConfig } from '../config';
import { readPlanFile } from '../plan-file';
import { CliError } from '../errors';
import { EXIT, exitForState } from '../exit-codes';
import { FORMATS, type Format } from '../output';
import type { PlanOutline, StatusView } from '../view';

export { ROLLOUT_STATES, readPlanFile };

export const client = () => new ApiClient(loadConfig());

export const outputOption = () =>
  new Option('-o, --output <format>', 'output format').choices(FORMATS).default('table');
export const waitForOption = () =>
  new Option('--wait-for <state>', 'follow the rollout until it reaches this state or ends').choices(ROLLOUT_STATES);
export const timeoutOption = () =>
  new Option('--timeout <duration>', "give up waiting after this long, e.g. '90s', '10m'");

export interface ReadOptions {
  output: Format;
}

export interface WaitOptions {
  waitFor?: string;
  timeout?: string;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** '90s' → 90000; a bare number is seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new CliError(`not a duration: '${text}' (e.g. 90s, 10m, 1h)`, EXIT.usage);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 's']);
}

/** The stages of a plan file, for the timeline of `watch --plan`. */
export function readPlanOutline(path: string): PlanOutline {
  const parsed = parse(readPlanFile(path).text) as Partial<PlanOutline> | null;
  if (!parsed || !Array.isArray(parsed.stages)) throw new CliError(`${path} has no stages`, EXIT.usage);
  return { stages: parsed.stages };
}

/** 0 when the state waited for was reached, else the outcome's code. */
export function exitAfterWait(status: StatusView, until: string | undefined): number {
  if (until && status.state === until) return EXIT.ok;
  return exitForState(status.state) ?? EXIT.ok;
}

export const print = (text: string) => process.stdout.write(`${text}\n`);
