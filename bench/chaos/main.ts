// `npm run bench:chaos -- [--rollouts N] [--concurrency C] [--seed S] [--fault-rate P] [--json FILE]`: many rollouts
// through worker and server crashes and Azure faults; bench/README.md ("Chaos") explains the figures.
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { runChaos } from './run';
import { printReport, summarize } from './report';

const program = new Command('bench:chaos')
  .option('--rollouts <n>', 'rollouts in all', '100')
  .option('--concurrency <n>', 'endpoints, each running one rollout at a time', '8')
  .option('--seed <n>', 'seed for the rollout mix, the faults and the crash times', '1')
  .option('--fault-rate <p>', 'probability per second of one injected Azure fault', '0.5')
  .option('--worker-kill-every <s>', 'mean seconds between worker SIGKILLs', '45')
  .option('--server-restart-every <s>', 'mean seconds between dev server restarts', '90')
  .option('--rps <n>', 'live requests per second per endpoint', '30')
  .option('--stop-starting-after <minutes>', 'start no rollout after this long (those in flight still end)')
  .option('--json <file>', 'write every rollout, crash and out-of-plan state as JSON')
  .parse();

async function main(): Promise<void> {
  const o = program.opts<Record<string, string | undefined>>();
  const stopAt = o.stopStartingAfter ? Date.now() + Number(o.stopStartingAfter) * 60_000 : Infinity;
  // Ctrl-C: start nothing new, let the rollouts in flight end, and report what ran.
  let interrupted = false;
  process.once('SIGINT', () => (interrupted = true));
  const result = await runChaos({
    rollouts: Number(o.rollouts),
    concurrency: Number(o.concurrency),
    seed: Number(o.seed),
    faultRate: Number(o.faultRate),
    badShare: 0.35,
    failedDeployShare: 0.1,
    workerKillEveryMs: Number(o.workerKillEvery) * 1000,
    serverRestartEveryMs: Number(o.serverRestartEvery) * 1000,
    rps: Number(o.rps),
    rolloutTimeoutMs: 10 * 60_000,
    mayStart: () => !interrupted && Date.now() < stopAt,
    log: (line) => console.log(line),
  });
  const summary = summarize(result);
  if (o.json) writeFileSync(o.json, JSON.stringify({ summary, ...result }, null, 2));
  printReport(result, summary, (line) => console.log(line));
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
