// Starts the Temporal CLI's dev server as a child process, with the rollout's search attributes registered, and
// waits until it answers, for longer than the SDK's fixed 5 s (a cold SQLite file on a loaded 2-core machine can take more).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { devServerAttributeFlags } from '../domain/search-attributes';
import { resolveTemporalCli } from './temporal-cli';

export interface DevServerOptions {
  port?: number;
  /** SQLite file; in-memory when left out. */
  dbFile?: string;
  /** Serve the Temporal UI on this port; headless when left out. */
  uiPort?: number;
  namespace?: string;
  readyTimeoutMs?: number;
  extraArgs?: string[];
  /** Dynamic config values (`--dynamic-config-value key=value`), e.g. a lowered `limit.blobSize.error`. */
  dynamicConfig?: Record<string, string | number | boolean>;
  /** Where TEMPORAL_CLI_PATH and PATH are read to find the CLI; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash: nothing is flushed or shut down cleanly. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts the dev server; on a port picked here, retries with another port if a concurrent process took it. */
export async function startTemporalDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  if (options.port) return startOnPort(options.port, options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnPort(await freePort(), options);
    } catch (error) {
      if (attempt >= 3 || !/address already in use|exited with code/.test(String(error))) throw error;
    }
  }
}

async function startOnPort(port: number, options: DevServerOptions): Promise<DevServer> {
  const namespace = options.namespace ?? 'default';
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--log-level',
    'error',
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=OFF',
    ...devServerAttributeFlags(),
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort), '--ui-disable-news-fetch'] : ['--headless']),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => [
      '--dynamic-config-value',
      `${key}=${JSON.stringify(value)}`,
    ]),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(resolveTemporalCli(options.env), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilReady(address, child, options.readyTimeoutMs ?? 60_000, () => stderr);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    address,
    namespace,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: () => stopChild(child),
    kill: () => killChild(child),
  };
}

async function waitUntilReady(address: string, child: ChildProcess, timeoutMs: number, stderr: () => string) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`temporal dev server exited with code ${child.exitCode}: ${stderr()}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal dev server at ${address} not ready within ${timeoutMs} ms: ${String(lastError)}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await exited;
}
