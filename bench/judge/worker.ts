// Worker thread: runs a block of seeds of one scenario and posts back the outcomes per judge.
import { parentPort } from 'node:worker_threads';
import { runSeed, type Outcome } from './run-seed';
import type { Scenario } from './scenario';

export interface Task {
  id: number;
  scenario: Scenario;
  fromSeed: number;
  toSeed: number;
}
export interface TaskResult {
  id: number;
  outcomes: Outcome[][];
}

parentPort?.on('message', async (task: Task) => {
  const outcomes: Outcome[][] = [];
  for (let seed = task.fromSeed; seed < task.toSeed; seed++) outcomes.push(await runSeed(task.scenario, seed));
  parentPort?.postMessage({ id: task.id, outcomes } satisfies TaskResult);
});
