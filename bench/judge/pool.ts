// A small worker_threads pool: seed blocks of every scenario spread over the cores, results gathered in order.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Outcome } from './run-seed';
import type { Scenario } from './scenario';
import type { Task, TaskResult } from './worker';

const BLOCK = 50;

/** Outcomes[scenario][seed][judge] for seeds 0..seedsFor(scenario)-1. */
export async function runAll(
  scenarios: Scenario[],
  seedsFor: (s: Scenario) => number,
  workers = cpus().length,
): Promise<Outcome[][][]> {
  const tasks: Task[] = [];
  scenarios.forEach((scenario, i) => {
    for (let from = 0; from < seedsFor(scenario); from += BLOCK) {
      tasks.push({ id: tasks.length, scenario, fromSeed: from, toSeed: Math.min(from + BLOCK, seedsFor(scenario)) });
      void i;
    }
  });
  const results = new Map<number, Outcome[][]>();
  let next = 0;
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(join(__dirname, 'worker.ts'), { execArgv: ['--require', 'tsx/cjs'] });
      const feed = (): void => {
        if (next >= tasks.length) return void worker.terminate().then(() => resolve());
        worker.postMessage(tasks[next++]);
      };
      worker.on('message', (r: TaskResult) => {
        results.set(r.id, r.outcomes);
        feed();
      });
      worker.on('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, tasks.length)) }, runWorker));
  return scenarios.map((scenario) =>
    tasks.filter((t) => t.scenario === scenario).flatMap((t) => results.get(t.id) ?? []),
  );
}
