// `npm run bench:judge -- --scenarios <file or folder> --seeds N --json <out>`: every judge on the same seeded
// streams, summarized per scenario, printed as a markdown table with the goals, and written as JSON.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { waldFloor } from './floor';
import { JUDGES } from './judges';
import { summarize } from './metrics';
import { runAll } from './pool';
import { medianFloor, medianFloorAtMinutes } from './median-floor';
import { ALPHA, checkGoals, markdownTable, type ScenarioResult } from './report';
import { loadScenarios } from './scenario';

interface Args {
  scenarios: string;
  seeds: number;
  badSeeds: number;
  json?: string;
  workers: number;
}

function parseArgs(argv: string[]): Args {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const int = (flag: string, fallback: number): number => {
    const v = get(flag);
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got '${v}'`);
    return n;
  };
  const seeds = int('--seeds', 2000);
  return {
    scenarios: get('--scenarios') ?? 'bench/scenarios',
    seeds,
    badSeeds: int('--bad-seeds', Math.min(seeds, 500)),
    json: get('--json'),
    workers: int('--workers', cpus().length),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const scenarios = loadScenarios(args.scenarios);
  const started = Date.now();
  const outcomes = await runAll(scenarios, (s) => (s.bad ? args.badSeeds : args.seeds), args.workers);
  const results: ScenarioResult[] = scenarios.map((s, i) => ({
    name: s.name,
    bad: s.bad,
    waldFloor: waldFloor(s),
    medianFloor: { requests: medianFloor(s, ALPHA), minutes: medianFloorAtMinutes(s, ALPHA) },
    judges: JUDGES.map((j, k) =>
      summarize(
        j.name,
        outcomes[i].map((seedOutcomes) => seedOutcomes[k]),
        s.bad,
      ),
    ),
  }));
  const goals = checkGoals(results);
  const elapsedS = (Date.now() - started) / 1000;
  const machine = { nproc: cpus().length, node: process.version, workers: args.workers };
  console.log(markdownTable(results));
  console.log('');
  for (const g of goals) {
    console.log(`${g.met ? 'MET    ' : 'NOT MET'} ${g.judge}: ${g.goal} (${g.detail})`);
    for (const u of g.unreachable ?? [])
      console.log(`          unreachable by any judge with false rollbacks ≤ ${ALPHA}: ${u}`);
  }
  console.log(
    `\n${scenarios.length} scenarios, ${args.seeds} seeds (good) / ${args.badSeeds} (bad), ${elapsedS.toFixed(1)} s on ${machine.nproc} cores, node ${machine.node}`,
  );
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify({ args, machine, elapsedS, scenarios: results, goals }, null, 2)}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
