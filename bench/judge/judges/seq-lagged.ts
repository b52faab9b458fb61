// Our sequential judge behind the workflow's own read path: every gate interval, the production queryMetrics activity
// (activities/metrics.ts, with the worker's default grain and lag) reads the simulated minutes from an Azure Monitor
// port, whole grains only, up to the last one older than the lag; the judge gets what it read. At the end of the bake
// the final gate waits while the read says `pending`, and the candidate keeps serving meanwhile, as in bake.ts.
import { metricsActivities } from '../../../activities/metrics';
import { AZURE_METRICS, LATENCY_METRICS, type MetricsSettings } from '../../../activities/metric-samples';
import type { AzurePorts, MetricsPort, MonitorMetric } from '../../../activities/ports';
import { judgeFor } from '../../../analysis';
import type { JudgeState } from '../../../analysis/types';
import { durationMs } from '../../../domain/duration';
import { analysisSchema } from '../../../domain/plan';
import { shareAt, type Scenario } from '../scenario';
import type { ArmMinutes, ArmName, SimRun } from '../simulate';
import type { BenchJudge, Decision, DecisionKind } from './types';

const policy = analysisSchema.parse({});
const KIND: Record<string, DecisionKind> = { fail: 'rollback', pass: 'promote', inconclusive: 'none' };
const BASE_MS = Date.UTC(2025, 0, 1);
const MIN_MS = 60_000;
const iso = (s: number): string => new Date(BASE_MS + s * 1000).toISOString();
/** Azure's ingestion: a minute is complete this long after it ends (60 s delay + up to 120 s jitter; emulator). */
const INGESTED_AFTER_S = 180;
const TARGET = { subscriptionId: 'bench', resourceGroup: 'bench', workspace: 'bench', endpoint: 'bench' };

type Point = { timeStamp: Date; total?: number; average?: number };
const series = (dims: Record<string, string>, data: Point[]): MonitorMetric['timeseries'][number] => ({
  metadatavalues: Object.entries(dims).map(([name, value]) => ({ name, value })),
  data,
});

/**
 * The simulated minutes as Azure Monitor answers them: per-minute points split by deployment (and status code for
 * RequestsPerMinute), only for minutes complete and ingested by the gate's clock, none for a minute without requests.
 */
export function simulatedMonitor(run: SimRun, clock: { nowS: number }): MetricsPort {
  return {
    async query(_target, names, options) {
      const last = Math.min(run.minutes.green.n.length, Math.floor((clock.nowS - INGESTED_AFTER_S) / 60));
      const from = Math.max(0, Math.ceil((options.startTime.getTime() - BASE_MS) / MIN_MS));
      const to = Math.min(last, Math.floor((options.endTime.getTime() - BASE_MS) / MIN_MS));
      const minutes = Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
      const at = (m: number): Date => new Date(BASE_MS + m * MIN_MS);
      const arms: Array<[ArmName, ArmMinutes]> = [
        ['blue', run.minutes.blue],
        ['green', run.minutes.green],
      ];
      return names.map((name) => {
        const q = LATENCY_METRICS.indexOf(name as (typeof LATENCY_METRICS)[number]);
        const timeseries =
          q < 0
            ? arms.flatMap(([d, a]) => [
                series(
                  { deployment: d, statusCode: '200' },
                  pointsOf(minutes, at, (m) => a.n[m] - a.errors[m]),
                ),
                series(
                  { deployment: d, statusCode: '500' },
                  pointsOf(minutes, at, (m) => a.errors[m]),
                ),
              ])
            : arms.map(([d, a]) =>
                series(
                  { deployment: d },
                  minutes.filter((m) => a.n[m] > 0).map((m) => ({ timeStamp: at(m), average: a.pct[m * 4 + q] })),
                ),
              );
        return { id: `/bench/providers/metrics/${name}`, name, errorCode: 'Success', timeseries };
      });
    },
  };
}

function pointsOf(minutes: number[], at: (m: number) => Date, total: (m: number) => number): Point[] {
  return minutes.filter((m) => total(m) > 0).map((m) => ({ timeStamp: at(m), total: total(m) }));
}

/** Gates every analysis interval over a bake as long as the scenario, read through the production activity. */
export async function lagGatedDecision(
  scenario: Scenario,
  run: SimRun,
  settings: MetricsSettings = AZURE_METRICS,
): Promise<Decision> {
  const clock = { nowS: 0 };
  // Only the metrics port is used by queryMetrics.
  const { queryMetrics } = metricsActivities({ metrics: simulatedMonitor(run, clock) } as AzurePorts, settings);
  const judge = judgeFor('sequential');
  const intervalS = durationMs(policy.interval) / 1000;
  let state: JudgeState | undefined;
  let cursorS = 0;
  let missing = false;
  const endS = (lagMinutesNeeded(scenario, settings) - 1) * 60;
  for (let t = intervalS; t <= endS; t += intervalS) {
    clock.nowS = t;
    const final = t >= run.seconds;
    const read = await queryMetrics({
      target: TARGET,
      baseline: 'blue',
      candidate: 'green',
      start: iso(cursorS),
      end: iso(t),
      // In steady state each read is one grain (the lag is a whole number of intervals): its own router weight.
      candidateShare: shareAt(scenario, cursorS),
      dueBy: final ? iso(run.seconds) : undefined,
    });
    const out = judge({ samples: read.samples, policy, state, final: final && !read.pending });
    state = out.state;
    if (read.samples.length > 0) cursorS = (Date.parse(read.samples[read.samples.length - 1].end) - BASE_MS) / 1000;
    // The workflow's rule for missing grains: they never let the bake pass (workflows/analysis-gate.ts).
    missing ||= read.samples.some((s) => s.missing);
    const kind =
      out.verdict.kind === 'pass' && missing
        ? final && !read.pending
          ? 'inconclusive'
          : 'continue'
        : out.verdict.kind;
    if (kind !== 'continue') return { kind: KIND[kind], atS: t };
  }
  return { kind: 'none', atS: endS };
}

/**
 * Minutes simulated: the bake, then the final gate's wait for the lag, or for a held-back grain's bounded wait (two
 * lags); the minutes served meanwhile count as exposure.
 */
export const lagMinutesNeeded = (s: Scenario, settings: MetricsSettings = AZURE_METRICS): number =>
  Math.ceil(s.durationS / 60) + Math.ceil((3 * settings.lagMs) / MIN_MS) + 2;

export const seqLaggedJudge: BenchJudge<Promise<Decision>> = {
  name: 'SEQ (1-min, lagged gates)',
  minutesNeeded: (s) => lagMinutesNeeded(s),
  decide: ({ scenario, run }) => lagGatedDecision(scenario, run),
};
