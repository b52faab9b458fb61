// The watch's false-alarm rate and power: seeded canaries build blue's history, then the promoted candidate is
// judged minute by minute through the current judge's watch rule, as the workflow feeds it (one sample per grain).
// npm run bench:watch -- --seeds 2000
import { judgeFor, type ArmTotals, type JudgeState } from '../../analysis';
import { analysisSchema } from '../../domain/plan';
import type { IntervalSample } from '../../domain/verdict';
import { binomial, createRng, normal, poisson, type Rng } from '../judge/rng';

interface WatchScenario {
  name: string;
  /** Requests per second at the endpoint, blue's error rate, green's as a multiple of it. */
  rps: number;
  blueErrorRate: number;
  greenRatio: number;
}

const SCENARIOS: WatchScenario[] = [
  { name: 'w0-good', rps: 20, blueErrorRate: 0.005, greenRatio: 1 },
  { name: 'w0b-good-low-traffic', rps: 2, blueErrorRate: 0.005, greenRatio: 1 },
  { name: 'w0c-good-high-rate', rps: 20, blueErrorRate: 0.03, greenRatio: 1 },
  { name: 'w1-errors-2x', rps: 20, blueErrorRate: 0.005, greenRatio: 2 },
  { name: 'w2-errors-3x', rps: 20, blueErrorRate: 0.005, greenRatio: 3 },
  { name: 'w2b-errors-3x-low-traffic', rps: 2, blueErrorRate: 0.005, greenRatio: 3 },
];
/** Canary weights, 10 one-minute grains each, then a 30-minute watch: the default plan's shape. */
const CANARY = [5, 25, 50];
const STEP_MINUTES = 10;
const WATCH_MINUTES = 30;
const P99_MS = 250;

const policy = analysisSchema.parse({});
const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();

function minute(rng: Rng, m: number, rps: number, weight: number, rates: { blue: number; green: number }) {
  const n = poisson(rng, rps * 60);
  const green = binomial(rng, n, weight / 100);
  const p99 = () => P99_MS * Math.exp(0.05 * normal(rng));
  const arm = (requests: number, rate: number) => ({
    requests,
    errors: binomial(rng, requests, rate),
    latencyP99Ms: p99(),
  });
  const sample: IntervalSample = {
    start: at(m),
    end: at(m + 1),
    candidateShare: weight / 100,
    candidate: arm(green, rates.green),
    baseline: arm(n - green, rates.blue),
  };
  return sample;
}

/** One seed: the green requests served in the watch before a rollback, or undefined when the watch passed. */
function runSeed(s: WatchScenario, seed: number): { rolledBackAfter?: number; rule?: string } {
  const rng = createRng(s.name, seed, 'traffic');
  const rates = { blue: s.blueErrorRate, green: s.blueErrorRate * s.greenRatio };
  const history: ArmTotals = { requests: 0, errors: 0, p99WeightedMs: 0, p99Requests: 0 };
  let m = 0;
  for (const weight of CANARY) {
    for (let i = 0; i < STEP_MINUTES; i++, m++) {
      const b = minute(rng, m, s.rps, weight, { blue: rates.blue, green: rates.blue }).baseline;
      history.requests += b.requests;
      history.errors += b.errors;
      history.p99WeightedMs += b.requests * (b.latencyP99Ms ?? 0);
      history.p99Requests += b.requests;
    }
  }
  const judge = judgeFor(policy.judge);
  let state: JudgeState | undefined;
  let served = 0;
  for (let i = 0; i < WATCH_MINUTES; i++, m++) {
    const sample = minute(rng, m, s.rps, 100, rates);
    served += sample.candidate.requests;
    const out = judge({ samples: [sample], policy, state, final: i === WATCH_MINUTES - 1, watch: { history } });
    state = out.state;
    if (out.verdict.kind === 'fail') return { rolledBackAfter: served, rule: out.verdict.rule };
  }
  return {};
}

function wilson(k: number, n: number): [number, number] {
  const z = 1.96;
  const p = k / n;
  const mid = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [Math.max(0, mid - half), Math.min(1, mid + half)];
}

function main(argv: string[]): void {
  const seedsAt = argv.indexOf('--seeds');
  const seeds = seedsAt >= 0 ? Number(argv[seedsAt + 1]) : 2000;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const head = [
    'Scenario',
    'rps',
    'blue errors',
    'green/blue',
    'rolled back in the watch',
    'median green before',
    'rules',
  ];
  process.stdout.write(`| ${head.join(' | ')} |\n|${head.map(() => '---|').join('')}\n`);
  for (const s of SCENARIOS) {
    const runs = Array.from({ length: seeds }, (_, seed) => runSeed(s, seed));
    const backs = runs.filter((r) => r.rolledBackAfter !== undefined);
    const [lo, hi] = wilson(backs.length, seeds);
    const sorted = backs.map((r) => r.rolledBackAfter!).sort((a, b) => a - b);
    const median = sorted.length > 0 ? sorted[Math.floor((sorted.length - 1) / 2)].toLocaleString('en') : '–';
    const counts = new Map<string, number>();
    for (const r of backs) counts.set(r.rule!, (counts.get(r.rule!) ?? 0) + 1);
    const rules = [...counts].map(([rule, k]) => `${rule} ${k}`).join(', ') || '–';
    const rate = `${pct(backs.length / seeds)} [${pct(lo)}–${pct(hi)}]`;
    const row = [s.name, s.rps, pct(s.blueErrorRate), `${s.greenRatio}×`, rate, median, rules];
    process.stdout.write(`| ${row.join(' | ')} |\n`);
  }
}

main(process.argv.slice(2));
