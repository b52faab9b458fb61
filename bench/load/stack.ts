// The real stack for the load bench: `npm start`'s launcher (dev server, emulator with light live traffic, one worker,
// the API in the launcher's process) on free ports in a fresh data folder; its ready line and its processes' ids.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../embedded/temporal-dev-server';

const ROOT = resolve(__dirname, '..', '..');

export interface Ready {
  apiUrl: string;
  temporalAddress: string;
  tokens: Record<'viewer' | 'releaseManager' | 'releaseManager2' | 'sre' | 'admin', string>;
  emulator: {
    armEndpoint: string;
    caCertPath: string;
    subscriptionId: string;
    resourceGroup: string;
    workspace: string;
  };
}

export interface Stack {
  ready: Ready;
  dataDir: string;
  /** The processes measured: the API (in the launcher), the worker, the Temporal dev server, the emulator. */
  pids: { api: number; worker: number; server: number; emulator: number };
  stop(): Promise<void>;
}

export async function startStack(options: { rps: number }): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const env = {
    ...process.env,
    ROLLOUT_DATA_DIR: dataDir,
    API_PORT: '0',
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: '0',
    EMULATOR_RPS: String(options.rps),
    // Light traffic on the seeded endpoint only: at every live endpoint it would be N times the rate.
    EMULATOR_TRAFFIC_ENDPOINT: 'heart-ep',
    // Azure's clock: one-minute grains, so the history per canary hour is what production writes.
    EMULATOR_METRICS_GRAIN_SECONDS: '60',
    // A subscription whose quota was raised for the bench: a thousand endpoints need thousands of vCPUs.
    EMULATOR_CORE_QUOTA: '1000000',
    METRICS_CACHE_MS: '0',
    // One release manager approves every rollout: the per-caller write limit (120 a minute) is for people.
    RATE_LIMIT_WRITES: '100000',
    // Azure Monitor's throttling (emulator/README.md, "Metrics throttling"): the gates' reads must stay under it.
    EMULATOR_METRICS_THROTTLE: process.env.EMULATOR_METRICS_THROTTLE ?? 'on',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'embedded', 'main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = await readyLine(child);
  const children = childPids(child.pid!);
  const find = (pattern: RegExp) => children.find((c) => pattern.test(c.cmd))?.pid ?? -1;
  return {
    ready,
    dataDir,
    pids: {
      api: child.pid!,
      worker: find(/worker\/main\.ts/),
      server: find(/server start-dev/),
      emulator: find(/emulator\/main\.ts/),
    },
    stop: () => stop(child),
  };
}

function readyLine(child: ChildProcess): Promise<Ready> {
  return new Promise((resolveReady, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`stack not ready in 300 s: ${err.slice(-2000)}`)), 300_000);
    child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('rollout-service ready '));
      if (!line) return;
      clearTimeout(timer);
      resolveReady(JSON.parse(line.slice('rollout-service ready '.length)) as Ready);
    });
    child.once('exit', (code) => reject(new Error(`stack exited with ${code}: ${err.slice(-2000)}`)));
  });
}

function childPids(parent: number): { pid: number; cmd: string }[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), cmd: m[2] }));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
