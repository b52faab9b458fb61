// The load bench's table and its one-line verdict.
import type { Usage } from './resources';
import type { Summary } from './stats';

export interface LoadResult {
  rollouts: number;
  machine: string;
  allInCanaryS: number;
  latencyMs: Record<string, Summary>;
  resources: Record<string, Record<string, Usage>>;
  history: {
    eventsPerCanaryHour: number;
    bytesPerCanaryHour: number;
    sampled: number;
    windowS: number;
    /** Search attribute and memo upserts in a sampled rollout's history so far (start to canary, then the hold). */
    listingUpsertsPerRollout: number;
  };
  /** The machine's 1-minute load average at the start and the end (the machine is shared). */
  loadAverage: { start: number; end: number };
  /** The worker's Azure Monitor calls over the run (its last `metrics calls` log line), if it logged one. */
  metricsCalls?: { requests: number; throttled: number; resources: number };
}

export function table(result: LoadResult): string {
  const rows = [
    ['latency (ms)', 'n', 'p50', 'p95', 'p99', 'max'],
    ...Object.entries(result.latencyMs).map(([name, s]) => [name, s.n, s.p50, s.p95, s.p99, s.max].map(String)),
  ];
  const usage = [
    ['process (window)', 'CPU % of a core', 'peak RSS MiB', 'RSS MiB at end'],
    ...Object.entries(result.resources).flatMap(([window, byProcess]) =>
      Object.entries(byProcess).map(([name, u]) =>
        [`${name} (${window})`, u.cpuPercent, u.peakRssMiB, u.lastRssMiB].map(String),
      ),
    ),
  ];
  const h = result.history;
  return [
    format(rows),
    '',
    format(usage),
    '',
    `all ${result.rollouts} in their first canary step after ${result.allInCanaryS} s`,
    `load average ${result.loadAverage.start} at the start, ${result.loadAverage.end} at the end`,
    result.metricsCalls
      ? `Azure Monitor calls: ${result.metricsCalls.requests} requests for ${result.metricsCalls.resources} resource reads, ${result.metricsCalls.throttled} answered 429`
      : 'Azure Monitor calls: none logged',
    `history per rollout per canary hour: ${h.eventsPerCanaryHour} events, ${h.bytesPerCanaryHour} bytes (${h.sampled} rollouts over ${h.windowS} s); listing upserts per rollout so far: ${h.listingUpsertsPerRollout}`,
  ].join('\n');
}

export function lastLine(result: LoadResult): string {
  const control = result.latencyMs.control.p99;
  const rollback = result.latencyMs.rollback.p99;
  const rss = result.resources.run.worker.peakRssMiB;
  return `load: ${result.rollouts} rollouts, all in canary after ${result.allInCanaryS} s, control p99 ${control} ms, rollback p99 ${rollback} ms, worker RSS ${rss} MiB`;
}

function format(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '))
    .join('\n');
}
