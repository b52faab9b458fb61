// Child processes of the launcher: TypeScript entry points run with tsx, output kept in a log file, a wait for the
// line that says the child is ready, and a stop that escalates from SIGTERM to SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the first stdout line matching, rejects if the child exits first or the time runs out. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  stop(timeoutMs?: number): Promise<void>;
}

export function startChild(
  name: string,
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, entry), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  const waiters: { pattern: RegExp; resolve(line: string): void }[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    log.write(chunk);
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => log.write(chunk));
  child.once('exit', () => log.end());
  return {
    name,
    process: child,
    waitForLine: (pattern, timeoutMs) =>
      new Promise((resolveLine, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name} not ready within ${timeoutMs} ms (see ${logFile})`)),
          timeoutMs,
        );
        const onExit = (code: number | null) =>
          reject(new Error(`${name} exited with code ${code} before it was ready (see ${logFile})`));
        child.once('exit', onExit);
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            child.off('exit', onExit);
            resolveLine(line);
          },
        });
      }),
    stop: (timeoutMs = 15_000) => stopProcess(child, timeoutMs),
  };
}

export async function stopProcess(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
