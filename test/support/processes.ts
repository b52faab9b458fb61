// The service's own processes (`tsx worker/main.ts`, `tsx api/main.ts`) started as a deployment runs them, against
// the shared dev server and a test emulator, and stopped or killed by process group (tsx runs node as a child).
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_METRICS_CLOCK, emulatorAzureEnv, type TestEmulator } from './emulator';
import { requireEnv } from './test-worker';

const ROOT = resolve(__dirname, '..', '..');

function startProcess(entry: string, env: Record<string, string>, stdout: 'ignore' | 'pipe'): ChildProcess {
  const child = spawn(resolve(ROOT, 'node_modules', '.bin', 'tsx'), [entry], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', stdout, 'pipe'],
    env: { ...process.env, TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'), LOG_LEVEL: 'warn', ...env },
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return child;
}

/** A worker process on the tests' clock (0.5 s grain, 2 s lag) against the emulator; `env` adds or overrides. */
export function startWorkerProcess(
  emulator: TestEmulator,
  taskQueue: string,
  env: Record<string, string> = {},
): ChildProcess {
  return startProcess(
    'worker/main.ts',
    {
      TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: requireEnv('WORKFLOW_BUNDLE_PATH'),
      ...emulatorAzureEnv(emulator),
      SHUTDOWN_GRACE_TIME: '2s',
      METRICS_GRAIN: `${TEST_METRICS_CLOCK.service.grainMs}ms`,
      METRICS_LAG: `${TEST_METRICS_CLOCK.service.lagMs}ms`,
      ...env,
    },
    'ignore',
  );
}

/** An API process on a free port; resolves with it and its URL once it prints its ready line. */
export async function startApiProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = startProcess('api/main.ts', { API_HOST: '127.0.0.1', API_PORT: '0', ...env }, 'pipe');
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('api ready '));
      if (line) resolveUrl((JSON.parse(line.slice('api ready '.length)) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`api exited (${code}) before ready`)));
  });
  return { child, url };
}

/** Signals the whole process group and waits for the exit. */
export async function killProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, signal);
  await exited;
}
