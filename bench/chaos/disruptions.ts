// Crashes at random moments: the worker SIGKILLed (and started again after a short outage) and the Temporal dev
// server SIGKILLed and restarted on the same database file. For each, the time to recover: from the kill until a
// running rollout answers a status query again (the server and a worker are both back).
import type { Rng } from '../judge/rng';
import type { RestartableDevServer, WorkerProcess } from './processes';

export interface Disruption {
  kind: 'worker-kill' | 'server-restart';
  at: string;
  downMs: number;
  /** Undefined when no rollout was running to probe. */
  recoverMs?: number;
}

export interface Disruptor {
  disruptions: Disruption[];
  stop(): Promise<void>;
}

export function startDisruptor(options: {
  rng: Rng;
  worker: WorkerProcess;
  server: RestartableDevServer;
  workerKillEveryMs: number;
  serverRestartEveryMs: number;
  /** Resolves once a running rollout answers a status query; false when none is running. */
  probe: () => Promise<boolean>;
}): Disruptor {
  const { rng } = options;
  const disruptions: Disruption[] = [];
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const timer = setTimeout(() => (timers.delete(timer), r()), ms);
      timers.add(timer);
    });
  const exponential = (mean: number) => -Math.log(rng.uniform()) * mean;

  const crash = async (kind: Disruption['kind'], down: () => Promise<void>, up: () => Promise<void>) => {
    const killedAt = Date.now();
    await down();
    const downMs = 500 + Math.floor(rng.uniform() * 2500);
    await sleep(downMs);
    await up();
    const recovered = await options.probe();
    disruptions.push({
      kind,
      at: new Date(killedAt).toISOString(),
      downMs,
      recoverMs: recovered ? Date.now() - killedAt : undefined,
    });
  };

  const loop = async (everyMs: number, act: () => Promise<void>) => {
    while (!stopped) {
      await sleep(exponential(everyMs));
      if (stopped) return;
      // One crash at a time, so each recovery time is that crash's own.
      const run = busy.then(act);
      busy = run.catch(() => undefined);
      await run;
    }
  };
  const { worker, server } = options;
  void loop(options.workerKillEveryMs, () => crash('worker-kill', worker.kill, worker.restart));
  void loop(options.serverRestartEveryMs, () => crash('server-restart', server.kill, server.restart));
  return {
    disruptions,
    stop: async () => {
      stopped = true;
      timers.forEach(clearTimeout);
      await busy;
    },
  };
}
