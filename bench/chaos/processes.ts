// The processes the chaos bench crashes: a Temporal dev server on its own database file (SIGKILLed and restarted on
// the same file and port) and the worker process `tsx worker/main.ts` (SIGKILLed and started again).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startRestartableDevServer, type RestartableDevServer } from '../../test/support/restartable-dev-server';

const ROOT = resolve(__dirname, '..', '..');

export { startRestartableDevServer, type RestartableDevServer };

/** The workflow bundle, built once so each worker restart takes seconds, not a bundling run. */
export async function workflowBundle(): Promise<string> {
  if (process.env.WORKFLOW_BUNDLE_PATH) return process.env.WORKFLOW_BUNDLE_PATH;
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { code } = await bundleWorkflowCode({ workflowsPath: join(ROOT, 'workflows', 'index.ts'), logger: quiet });
  const dir = join(ROOT, 'tmp');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `chaos-bundle-${process.pid}.js`);
  writeFileSync(path, code);
  return path;
}

const noop = () => {};
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

export interface WorkerProcess {
  /** Exits the bench did not cause (the process is started again 2 s later). */
  unexpectedExits: number;
  /** SIGKILL the whole process group (tsx runs node as a child); resolves once it has exited. */
  kill(): Promise<void>;
  /** Start a fresh process (kills the running one first). */
  restart(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

/** The production worker entry point, configured through its environment as an operator would. */
export function startWorkerProcess(env: Record<string, string>, logFile: string): WorkerProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  let child: ChildProcess | undefined;
  let stopping = false;
  const start = () => {
    const started = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['worker/main.ts'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    started.stderr?.pipe(log, { end: false });
    started.once('exit', () => {
      if (child !== started || stopping) return; // killed by us
      handle.unexpectedExits += 1;
      child = undefined;
      setTimeout(() => !stopping && !child && start(), 2000);
    });
    child = started;
  };
  const signal = async (sig: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    try {
      process.kill(-running.pid!, sig);
    } catch {
      return; // already gone
    }
    await exited;
  };
  const handle: WorkerProcess = {
    unexpectedExits: 0,
    kill: () => signal('SIGKILL'),
    restart: async () => {
      await signal('SIGKILL');
      start();
    },
    stop: async () => {
      stopping = true;
      await signal('SIGTERM');
      log.end();
    },
  };
  start();
  return handle;
}
