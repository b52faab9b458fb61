// The one way tests run a worker in-process: the production createWorker on the shared dev server (started by the
// integration project's global setup), the pre-built workflow bundle, and a task queue of its own.
import { randomUUID } from 'node:crypto';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createWorker, type CreateWorkerOptions } from '../../worker/create-worker';

export function requireEnv(name: 'TEMPORAL_ADDRESS' | 'WORKFLOW_BUNDLE_PATH'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the jest integration project`);
  return value;
}

let runtimeInstalled = false;

/** Worker and workflow logs at ERROR only (expected activity failures would flood the output), once per process. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}

export interface TestWorker {
  taskQueue: string;
  worker: Worker;
  /** Shuts the worker down, waits for it to stop and closes its connection. */
  close(): Promise<void>;
}

/**
 * A running worker with the given activities; `taskQueue` defaults to a unique one, `address` to the shared dev
 * server.
 */
export async function startTestWorker(options: {
  activities: object;
  taskQueue?: string;
  address?: string;
  /** Passed to createWorker, e.g. a short heartbeat throttle so cancellations reach activities at once. */
  extra?: CreateWorkerOptions['extra'];
}): Promise<TestWorker> {
  quietRuntime();
  const taskQueue = options.taskQueue ?? `rollouts-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: options.address ?? requireEnv('TEMPORAL_ADDRESS') });
  const worker = await createWorker({
    connection,
    taskQueue,
    activities: options.activities,
    workflowBundle: { codePath: requireEnv('WORKFLOW_BUNDLE_PATH') },
    shutdownGraceTime: '1s',
    extra: options.extra,
  });
  const running = worker.run();
  return {
    taskQueue,
    worker,
    close: async () => {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
