// Builds the rollout worker from a connection, the activities and the pre-bundled workflow code. Shared by
// main.ts and the integration tests, so both run the same worker.
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { startTracing, type Tracing } from '../telemetry/tracing';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  /** Every activity the workflows call, merged into one object (rollout activities plus any extra sets). */
  activities: object;
  /** A pre-built bundle (`npm run build:workflows`), or left out to bundle workflows/index.ts at start. */
  workflowBundle?: { codePath: string } | { code: string };
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Where spans go (telemetry/tracing.ts); tracing off when left out. The interceptors are installed either way. */
  tracing?: Tracing;
  /** Passed through, e.g. maxCachedWorkflows. */
  extra?: Partial<WorkerOptions>;
}

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  const workflowSource = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: require.resolve('../workflows') };
  const tracing = options.tracing ?? startTracing(undefined);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...workflowSource,
    interceptors: { activity: tracing.activityInterceptors },
    shutdownGraceTime: options.shutdownGraceTime ?? '30s',
    ...options.extra,
  });
}
