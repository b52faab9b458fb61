// `npm run bench:load -- --rollouts N [--json FILE] [--hold S] [--rps R]`: N rollouts on the real stack, one worker,
// measured; prints a table and, last, one line `load: N rollouts, all in canary after ...`. bench/README.md has figures.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { apiOf } from './api';
import { armOf, createEndpoints } from './endpoints';
import {
  historySizes,
  listingUpserts,
  pauseResume,
  readLatency,
  rollbacks,
  startRollouts,
  throughApproval,
} from './phases';
import { lastLine, table, type LoadResult } from './report';
import { sampleResources } from './resources';
import { startStack } from './stack';
import { sleep, summarize } from './stats';

async function main() {
  const { values } = parseArgs({
    options: {
      rollouts: { type: 'string', default: '100' },
      json: { type: 'string' },
      hold: { type: 'string', default: '180' },
      rps: { type: 'string', default: '5' },
    },
  });
  const n = Number(values.rollouts);
  const holdS = Number(values.hold);
  const say = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

  say('starting the stack');
  const stack = await startStack({ rps: Number(values.rps) });
  say(`processes: ${JSON.stringify(stack.pids)}`);
  const connection = await Connection.connect({ address: stack.ready.temporalAddress });
  try {
    const client = new Client({ connection });
    const api = apiOf(stack.ready);
    const arm = armOf(stack.ready);
    const run = sampleResources(stack.pids);
    const endpoints = Array.from({ length: n }, (_, i) => `load-${String(i).padStart(4, '0')}`);
    say(`creating ${n} endpoints`);
    await createEndpoints(arm, endpoints);

    const loadAtStart = loadavg()[0];
    say(`starting ${n} rollouts`);
    const ramp = sampleResources(stack.pids);
    const t0 = Date.now();
    const { ids, startMs } = await startRollouts(api, endpoints, 10);
    const { approveMs, lastReachedAt } = await throughApproval(api, ids, 600_000 + n * 2_000);
    const allInCanaryS = Math.round((lastReachedAt - t0) / 100) / 10;
    const rampUsage = ramp.read();
    ramp.stop();
    say(`all in canary after ${allInCanaryS} s; holding ${holdS} s`);

    const controlIds = ids.slice(0, Math.min(50, Math.floor(n / 2)));
    const historyIds = ids.slice(controlIds.length, controlIds.length + Math.min(10, Math.floor(n / 5)));
    const rollbackIds = ids.slice(-Math.min(30, Math.floor(n / 4)));
    const hold = sampleResources(stack.pids);
    const before = await historySizes(client, historyIds);
    const holdStart = Date.now();
    const reads = await readLatency(api, 10);
    const controls = await pauseResume(api, controlIds);
    const readsAgain = await readLatency(api, 10);
    await sleep(Math.max(0, holdS * 1000 - (Date.now() - holdStart)));
    const after = await historySizes(client, historyIds);
    const upserts = await listingUpserts(client, historyIds);
    const windowS = (Date.now() - holdStart) / 1000;
    const holdUsage = hold.read();
    hold.stop();

    say(`rolling back ${rollbackIds.length}`);
    const rollbackMs = await rollbacks(api, arm, rollbackIds, 5);
    const perHour = (pick: (h: { events: number; bytes: number }) => number) => {
      const grown = after.reduce((sum, h, i) => sum + pick(h) - pick(before[i]), 0) / Math.max(1, after.length);
      return Math.round((grown / windowS) * 3600);
    };
    const result: LoadResult = {
      rollouts: n,
      machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
      allInCanaryS,
      latencyMs: {
        start: summarize(startMs),
        approve: summarize(approveMs),
        pause: summarize(controls.pauseMs),
        resume: summarize(controls.resumeMs),
        control: summarize([...approveMs, ...controls.pauseMs, ...controls.resumeMs]),
        rollback: summarize(rollbackMs),
        'GET /rollouts?limit=100': summarize([...reads.listMs, ...readsAgain.listMs]),
        'GET /metrics': summarize([...reads.metricsMs, ...readsAgain.metricsMs]),
      },
      resources: { ramp: rampUsage, hold: holdUsage, run: run.read() },
      loadAverage: { start: round2(loadAtStart), end: round2(loadavg()[0]) },
      metricsCalls: lastMetricsCalls(join(stack.dataDir, 'logs', 'worker.log')),
      history: {
        eventsPerCanaryHour: perHour((h) => h.events),
        bytesPerCanaryHour: perHour((h) => h.bytes),
        sampled: historyIds.length,
        listingUpsertsPerRollout: upserts,
        windowS: Math.round(windowS),
      },
    };
    run.stop();
    if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
    console.log(table(result));
    console.log(lastLine(result));
  } finally {
    await connection.close();
    await stack.stop();
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The worker logs its Azure Monitor call counts every minute (worker/main.ts); the last line covers the run. */
function lastMetricsCalls(path: string): LoadResult['metricsCalls'] {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"msg":"metrics calls"'));
  if (lines.length === 0) return undefined;
  const { requests, throttled, resources } = JSON.parse(lines[lines.length - 1]) as Record<string, number>;
  return { requests, throttled, resources };
}

main().catch((error) => {
  process.stderr.write(`bench:load failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
